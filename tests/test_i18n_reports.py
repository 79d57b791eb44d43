"""The demo run in Traditional Chinese (every notebook) and Simplified Chinese (the
baseline): the reports are in the language, with the right <html lang>, no English
catalog sentence in what a reader sees, and no missing-glyph warning from the charts."""

from __future__ import annotations

import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from copcwb.demo import write_demo
from copcwb.i18n import catalog, text
from copcwb.registry import NOTEBOOKS
from copcwb.runner import run_engagement

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hant(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh-hant")
    result = run_engagement(write_demo(out / "demo", language="zh-Hant"), out / "reports")
    assert result.status == "completed", [f.describe() for f in result.failures]
    return result.run_dir


@pytest.fixture(scope="module")
def hans(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("zh-hans")
    spec = write_demo(out / "demo", language="zh-Hans")
    result = run_engagement(spec, out / "reports", notebooks=["baseline_assessment"])
    assert result.status == "completed", [f.describe() for f in result.failures]
    return result.run_dir


class VisibleText(HTMLParser):
    """The text a reader of the client report sees (and image alt texts): not the CSS,
    not the hidden input areas (the notebook's help cell), not the options JSON."""

    HIDDEN = ("jp-InputArea", "copcwb-params")

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.stack: list[tuple[str, bool]] = []

    def hidden(self) -> bool:
        return any(h for _, h in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("img", "br", "meta", "link", "hr", "input"):
            if tag == "img" and not self.hidden():
                self.parts.append(attrs.get("alt") or "")
            return
        classes = (attrs.get("class") or "").split()
        hide = tag in ("style", "script") or any(c in classes for c in self.HIDDEN)
        self.stack.append((tag, hide))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if not self.hidden():
            self.parts.append(data)


def visible(page: Path) -> str:
    parser = VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def builtin_metric_labels() -> list[str]:
    """The English labels of the built-in metric catalog (data, not catalog sentences),
    longest first."""
    from copcwb.catalog import load_default_catalog

    return sorted(load_default_catalog()["label"], key=len, reverse=True)


def leaked_english(shown: str) -> list[str]:
    """English catalog phrases in ``shown``, once the built-in metric labels (data shown
    as the metric catalog writes them) are taken out."""
    for label in builtin_metric_labels():
        shown = shown.replace(label, " ")
    return sorted(p for p in english_phrases() if p in shown)


def english_phrases() -> set[str]:
    """Every run of three or more words between the placeholders of the English catalog:
    none of them may show in a Chinese report."""
    phrases = set()
    for value in catalog("en").values():
        for literal, *_ in string.Formatter().parse(value):
            for piece in re.split(r"[.:;()\"]", literal):
                words = piece.split()
                if len(words) >= 3 and sum(w.isalpha() for w in words) >= 3:
                    phrases.add(" ".join(words))
    return phrases


def stderr_and_errors(nb_path: Path) -> list[str]:
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    found = []
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error" or out.get("name") == "stderr":
                found.append(json.dumps(out, ensure_ascii=False)[:300])
    return found


def test_every_notebook_completed_without_errors_or_warnings(hant):
    manifest = json.loads((hant / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["engagement"]["language"] == "zh-Hant"
    for name in NOTEBOOKS:
        assert (hant / f"{name}.html").is_file()
        assert not stderr_and_errors(hant / "executed" / f"{name}.ipynb"), name


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_reports_are_in_traditional_chinese(hant, name):
    page = hant / f"{name}.html"
    html = page.read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html
    assert '<html lang="zh-Hant">' in (hant / "evidence" / f"{name}.html").read_text("utf-8")
    shown = visible(page)
    areas = {"baseline_assessment": "baseline", "csat_drivers": "drivers"}
    area = (areas | {"journey_quality": "journey"}).get(name, "forecast")
    for key in (f"notebook.{name}", f"{area}.section.summary", f"{area}.section.methods"):
        assert text(key, "zh-Hant") in shown, key
    assert text("report.kind_client", "zh-Hant") in shown
    assert "執行摘要" in shown  # the executive-summary heading, written out


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_english_catalog_sentence_is_shown(hant, name):
    shown = visible(hant / f"{name}.html")
    for sentence in ("Executive summary", "Methods and definitions", "Data profile", "Contents"):
        assert sentence not in shown
    assert not leaked_english(shown)


def test_the_run_index_is_in_the_language(hant):
    shown = visible(hant / "index.html")
    html = (hant / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant">' in html
    assert text("index.reports", "zh-Hant") in shown
    assert text("chrome.status_completed", "zh-Hant") in shown
    assert not leaked_english(shown)


def test_simplified_chinese_baseline(hans):
    page = hans / "baseline_assessment.html"
    assert '<html lang="zh-Hans">' in page.read_text(encoding="utf-8")
    shown = visible(page)
    for key in ("baseline.section.summary", "baseline.section.accuracy", "section.data_profile"):
        assert text(key, "zh-Hans") in shown, key
    assert "执行摘要" in shown and "基线评估" in shown
    assert "執行摘要" not in shown  # not the traditional script
    assert not leaked_english(shown)
    assert not stderr_and_errors(hans / "executed" / "baseline_assessment.ipynb")


def test_builtin_metric_labels_are_translated(hant):
    shown = visible(hant / "baseline_assessment.html")
    assert not [label for label in builtin_metric_labels() if label in shown]
