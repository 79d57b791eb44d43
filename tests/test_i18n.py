"""The language catalogs: every file parses, every language has every key with the same
placeholders, Chinese entries are translated and written in the right script, and an
unknown or absent language is an error (no silent fallback to English)."""

from __future__ import annotations

import json
import re
import string
from itertools import combinations
from pathlib import Path

import pytest

import copcwb.i18n as i18n
from copcwb.i18n import LANGUAGES, catalog, chrome_labels, language_of, text

ROOT = Path(i18n.__file__).parent
FILES = sorted(ROOT.glob("*/*.json"))
CHINESE = ("zh-Hant", "zh-Hans")


def entries(path: Path) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8"))


def placeholders(template: str) -> set[tuple[str, str, str]]:
    """The {name!conversion:spec} fields of a str.format template (ValueError when the
    braces are malformed)."""
    return {
        (name, conversion or "", spec or "")
        for _, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    }


def test_every_language_has_a_folder_of_catalogs():
    for lang in LANGUAGES:
        assert sorted((ROOT / lang).glob("*.json")), f"no catalog files for {lang}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_catalog_file_parses_to_strings(path):
    data = entries(path)  # a JSONDecodeError names the file, line and column
    assert isinstance(data, dict) and data
    bad = [k for k, v in data.items() if not (isinstance(k, str) and isinstance(v, str))]
    assert not bad, f"{path.name}: non-string entries {bad}"
    for key, value in data.items():
        try:
            placeholders(value)
        except ValueError as exc:
            pytest.fail(f"{path.parent.name}/{path.name} {key}: malformed braces ({exc})")


def test_languages_split_their_keys_into_the_same_files():
    names = {lang: sorted(p.name for p in (ROOT / lang).glob("*.json")) for lang in LANGUAGES}
    for a, b in combinations(LANGUAGES, 2):
        assert names[a] == names[b], f"{a} files {names[a]} != {b} files {names[b]}"


@pytest.mark.parametrize("a,b", list(combinations(LANGUAGES, 2)))
def test_no_key_is_missing_in_another_language(a, b):
    problems = []
    for path in sorted((ROOT / a).glob("*.json")):
        other = ROOT / b / path.name
        ours, theirs = set(entries(path)), set(entries(other)) if other.exists() else set()
        if ours - theirs:
            problems.append(f"{b}/{path.name} lacks {sorted(ours - theirs)}")
        if theirs - ours:
            problems.append(f"{a}/{path.name} lacks {sorted(theirs - ours)}")
    assert not problems, "\n".join(problems)
    assert set(catalog(a)) == set(catalog(b))


@pytest.mark.parametrize("lang", CHINESE)
def test_placeholders_are_the_same_in_every_language(lang):
    en, other = catalog("en"), catalog(lang)
    differ = {
        key: (sorted(placeholders(en[key])), sorted(placeholders(other[key])))
        for key in en.keys() & other.keys()
        if placeholders(en[key]) != placeholders(other[key])
    }
    assert not differ, f"{lang}: placeholders differ from English: {differ}"


@pytest.mark.parametrize("lang", CHINESE)
def test_every_entry_formats_with_its_placeholders(lang):
    # What a view does with each entry: str.format with every field filled.
    for key, value in catalog(lang).items():
        fields = {name for name, _, _ in placeholders(value)}
        text(key, lang, **dict.fromkeys(fields, "1"))


@pytest.mark.parametrize("lang", CHINESE)
def test_chinese_entries_are_translated(lang):
    # An entry left as the English sentence: two or more English words of 3+ letters.
    en, other = catalog("en"), catalog(lang)
    untranslated = [
        key
        for key, value in en.items()
        if other[key] == value
        and sum(len(w) >= 3 and w.isalpha() for w in value.replace("-", " ").split()) >= 2
    ]
    assert not untranslated, f"{lang} keeps the English of {untranslated}"


# Characters (and Taiwan/mainland terms) that belong to one script or region only: a
# traditional-script catalog must not contain the simplified form, and the other way round.
TRADITIONAL = (
    "這個們為時間數據務質關鍵錯誤確報預測實際對應標達與問題沒說樣開門區發現過還會計設認證類別級"
)
SIMPLIFIED = (
    "这个们为时间数据务质关键错误确报预测实际对应标达与问题没说样开门区发现过还会计设认证类别级"
)
NOT_IN = {
    "zh-Hant": (SIMPLIFIED, ("數據", "質量", "信息", "默認", "置信", "泊松", "優勢比", "隊列")),
    "zh-Hans": (TRADITIONAL, ("信赖", "伫列", "专案", "档案", "卜瓦松", "胜算")),
}


def test_the_script_lists_pair_up():
    assert len(TRADITIONAL) == len(SIMPLIFIED)
    pairs = [(t, s) for t, s in zip(TRADITIONAL, SIMPLIFIED, strict=True) if t != s]
    assert len(pairs) == len(TRADITIONAL)  # every character differs between the scripts


@pytest.mark.parametrize("lang", CHINESE)
def test_each_chinese_catalog_keeps_to_its_script_and_region(lang):
    characters, terms = NOT_IN[lang]
    found = {
        key: sorted({c for c in value if c in characters} | {t for t in terms if t in value})
        for key, value in catalog(lang).items()
    }
    found = {k: v for k, v in found.items() if v}
    assert not found, f"{lang}: wrong script or regional term: {found}"


@pytest.mark.parametrize(
    "lang,key,expected",
    [
        # The domain vocabulary as the seed documents write it (000: a Taiwanese
        # outsourcer; 003: a Simplified Chinese COPC deck; 004: a COPC consultant).
        ("zh-Hant", "baseline.section.accuracy", "關鍵錯誤準確率"),
        ("zh-Hant", "baseline.error_type.customer", "顧客關鍵錯誤"),
        ("zh-Hant", "baseline.error_type.business", "業務關鍵錯誤"),
        ("zh-Hant", "baseline.error_type.compliance", "合規關鍵錯誤"),
        ("zh-Hant", "data_quality.column.monitoring_type", "流程質檢"),
        ("zh-Hant", "metric.csat_top2", "顧客滿意度（前兩級）"),
        ("zh-Hant", "baseline.summary.readiness_title", "認證準備度"),
        ("zh-Hant", "baseline.trend.improving", "改善"),
        ("zh-Hant", "baseline.trend.stable", "持平"),
        ("zh-Hant", "baseline.trend.deteriorating", "惡化"),
        ("zh-Hant", "notebook.forecast_accuracy", "人力預測準確率"),
        ("zh-Hant", "forecast.measure.aht", "平均處理時間（AHT）"),
        ("zh-Hans", "baseline.error_type.customer", "顾客关键错误"),
        ("zh-Hans", "baseline.error_type.compliance", "合规关键错误"),
        ("zh-Hans", "baseline.trend.deteriorating", "恶化"),
        ("zh-Hans", "forecast.measure.aht", "平均处理时长（AHT）"),
    ],
)
def test_domain_terms(lang, key, expected):
    assert catalog(lang)[key] == expected


def test_text_raises_for_an_unknown_language():
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        text("report.client", "fr")
    with pytest.raises(ValueError, match="unknown language"):
        catalog("zh-TW")


def test_a_language_without_its_own_catalog_is_an_error(tmp_path, monkeypatch):
    # Only English files present: Chinese must fail, not quietly speak English.
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "common.json").write_text('{"report.client": "Client"}', "utf-8")
    monkeypatch.setattr(i18n, "_HERE", tmp_path)
    catalog.cache_clear()
    try:
        assert text("report.client", "en") == "Client"
        with pytest.raises(FileNotFoundError, match="zh-Hant"):
            text("report.client", "zh-Hant")
    finally:
        catalog.cache_clear()


def test_a_key_defined_twice_is_an_error(tmp_path, monkeypatch):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "a.json").write_text('{"x.y": "1"}', "utf-8")
    (tmp_path / "en" / "b.json").write_text('{"x.y": "2"}', "utf-8")
    monkeypatch.setattr(i18n, "_HERE", tmp_path)
    catalog.cache_clear()
    try:
        with pytest.raises(ValueError, match="redefines x.y"):
            catalog("en")
    finally:
        catalog.cache_clear()


class Speaker:
    """A catalog function that knows its language, as ``Session.t`` does."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)


def test_language_of_a_catalog_function():
    assert language_of(Speaker("zh-Hans").t) == "zh-Hans"  # bound method: its owner's lang
    assert language_of(lambda key, **v: text(key, "en", **v)) == "en"  # plain function

    def plain(key: str, **values: object) -> str:
        return key

    plain.lang = "zh-Hant"  # type: ignore[attr-defined]
    assert language_of(plain) == "zh-Hant"


def test_chrome_labels_keep_the_english_template_words():
    # The English values are the words the templates showed before they were catalogued.
    assert chrome_labels("en") == {
        "status_completed": "completed",
        "status_failed": "failed",
        "input_kind": "input",
        "input_file": "file",
        "input_sha256": "sha256",
        "input_rows": "rows",
        "input_columns": "columns",
        "input_read": "read as",
    }
    assert chrome_labels("zh-Hant")["status_completed"] == "已完成"
    assert chrome_labels("zh-Hans")["status_failed"] == "失败"


def test_metric_labels_cover_the_built_in_catalog_in_its_own_words():
    # metric.<id> translates the labels of copcwb/data/metric_catalog.csv; the English
    # entries are those labels exactly, so the two cannot drift apart.
    from copcwb.catalog import load_default_catalog

    builtin = load_default_catalog()
    english = {
        k.removeprefix("metric."): v for k, v in catalog("en").items() if k.startswith("metric.")
    }
    assert english == dict(zip(builtin["metric"], builtin["label"], strict=True))


HALF_WIDTH_IN_PROSE = re.compile(
    r"[\u4e00-\u9fff\uff08\uff09][,:;]|[,:;][\u4e00-\u9fff]|\([\u4e00-\u9fff]"
)


@pytest.mark.parametrize("lang", CHINESE)
def test_chinese_prose_uses_full_width_punctuation(lang):
    # Chinese text takes ，：；（ beside Chinese characters; half-width marks stay only in
    # formulas and code, e.g. "÷ (1 − 耗損率)" or "business: rasic:".
    found = {
        key: [
            value[max(0, m.start() - 8) : m.end() + 8] for m in HALF_WIDTH_IN_PROSE.finditer(value)
        ]
        for key, value in catalog(lang).items()
    }
    found = {k: v for k, v in found.items() if v}
    assert not found, f"{lang}: half-width punctuation in Chinese prose: {found}"
