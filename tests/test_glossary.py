"""Chinese reports speak the standard's vocabulary: every zh-Hant and zh-Hans catalog
entry, metric label and checkpoint label uses the seeds' term where its English uses
the English term, and never a near-synonym the seeds do not use.

The expected terms are those of the seed documents (000: a Taiwanese outsourcer's
COPC notes; 003: a Simplified Chinese COPC deck; 004: a COPC consultant's talk), with
their counts in ``copcwb/data/glossary.csv``'s ``seeds`` column."""

from __future__ import annotations

import csv

import pytest

from copcwb.i18n import catalog
from copcwb.i18n.glossary import glossary, glossary_problems
from copcwb.paths import data_file

CHINESE = ("zh-Hant", "zh-Hans")


@pytest.mark.parametrize("lang", CHINESE)
def test_every_catalog_entry_uses_the_glossary(lang):
    problems = glossary_problems(catalog("en"), catalog(lang), lang)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "lang,column", [("zh-Hant", "label_zh_hant"), ("zh-Hans", "label_zh_hans")]
)
def test_journey_checkpoint_labels_use_the_glossary(lang, column):
    with data_file("journey_checkpoints.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    english = {r["checkpoint"]: r["label_en"] for r in rows}
    chinese = {r["checkpoint"]: r[column] for r in rows}
    problems = glossary_problems(english, chinese, lang)
    assert not problems, "\n".join(problems)


def by_english(name: str):
    return next(t for t in glossary() if t.english == name)


@pytest.mark.parametrize(
    "english,hant,hans,avoid_hant",
    [
        # The seeds' own words (GLOSSARY of the seeds: term, count in the seeds).
        ("customer satisfaction", "顧客滿意度", "顾客满意度", "客戶滿意度"),  # 24 times
        ("critical error accuracy", "關鍵錯誤準確率", "关键错误准确率", "關鍵錯誤正確率"),
        ("customer-critical error", "顧客關鍵錯誤", "顾客关键错误", "客戶關鍵錯誤"),  # 6
        ("compliance-critical error", "合規關鍵錯誤", "合规关键错误", "法遵"),  # 2
        ("process monitoring", "流程質檢", "流程质检", "流程監控"),  # 5
        ("individual monitoring", "個體質檢", "个体质检", "個別監控"),  # 4
        ("targeted monitoring", "專項質檢", "专项质检", "專案監控"),  # 5
        ("forecast accuracy", "預測準確率", "预测准确率", "預測正確率"),  # 2
        ("service journey", "服務歷程", "服务历程", None),  # 15
        # 004's five dimensions of service quality: 可靠性、響應性、保證性、移情性和有形性
        ("responsiveness (service-quality dimension)", "響應性", "响应性", "回應性"),
        ("empathy (service-quality dimension)", "移情性", "移情性", None),
    ],
)
def test_the_glossary_holds_the_seeds_terms(english, hant, hans, avoid_hant):
    term = by_english(english)
    assert hant in term.terms["zh-Hant"] and hans in term.terms["zh-Hans"]
    if avoid_hant:
        assert avoid_hant in term.avoid["zh-Hant"]


def test_a_term_to_avoid_is_found_whatever_the_english_says():
    english = {"k": "Accuracy by program"}
    problems = glossary_problems(english, {"k": "各專案的關鍵錯誤正確率"}, "zh-Hant")
    assert len(problems) == 2  # 關鍵錯誤正確率 and, inside it, 正確率
    assert all(p.startswith("k: ") and "準確率" in p for p in problems)


def test_a_missing_term_is_found_where_the_english_uses_it():
    english = {"title": "Customer-critical errors by program"}
    assert glossary_problems(english, {"title": "各專案的顧客關鍵錯誤"}, "zh-Hant") == []
    problems = glossary_problems(english, {"title": "各專案的重大錯誤"}, "zh-Hant")
    # Two terms are missing: customer-critical error (顧客關鍵錯誤) and customer (顧客).
    assert len(problems) == 2 and all(p.startswith("title: ") for p in problems)
    assert any("顧客關鍵錯誤" in p for p in problems)


def test_placeholders_are_not_words():
    # "{trend}" is a placeholder's name, not the word trend.
    english = {"k": "Meeting target or improving (needs {trend})"}
    assert glossary_problems(english, {"k": "達標或改善比例（門檻 {trend}）"}, "zh-Hant") == []
    english = {"k": "The trend of {metric}"}
    assert glossary_problems(english, {"k": "{metric}的走勢"}, "zh-Hant")


def test_customer_and_client_are_told_apart():
    # 客戶 is the client (the outsourcer's customer); the client's customer is 顧客.
    english = {
        "a": "The same customer contacted again",
        "b": "Client report",
        "c": "The client's customers",
    }
    chinese = {"a": "同一客戶再次聯絡", "b": "客戶版報告", "c": "客戶的顧客"}
    problems = glossary_problems(english, chinese, "zh-Hant")
    assert [p.split(":")[0] for p in problems] == ["a", "a"]  # uses 客戶, lacks 顧客


def test_simplified_chinese_is_checked_with_its_own_terms():
    english = {"k": "Process monitoring sample"}
    assert glossary_problems(english, {"k": "流程质检样本"}, "zh-Hans") == []
    assert glossary_problems(english, {"k": "流程监控样本"}, "zh-Hans")


def test_a_journey_checkpoint_is_no_critical_error():
    # "Customer-critical checkpoints" of a journey are 顧客關鍵檢核點, not errors.
    english = {"journey.summary.critical_title": "Customer-critical checkpoints"}
    chinese = {"journey.summary.critical_title": "顧客關鍵檢核點"}
    assert glossary_problems(english, chinese, "zh-Hant") == []


def test_an_unknown_language_is_an_error():
    with pytest.raises(ValueError, match="zh-Hant or zh-Hans"):
        glossary_problems({}, {}, "ja")
