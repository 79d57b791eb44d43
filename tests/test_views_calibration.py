"""The calibration part of the baseline report: tables, sentences, the summary sentence and
the accuracy markers built from a planted calibration sample, in every language."""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

from copcwb import display
from copcwb.i18n import LANGUAGES, text
from copcwb.quality import calibration_check
from copcwb.views.baseline import calibration as view


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


def _sample() -> pd.DataFrame:
    """40 transactions, 4 evaluators (QA-07, QA-11, <lenient>, QA-31): 20 hold a
    customer-critical error the others always flag and the lenient one only on the first
    10; 10 hold a compliance-critical error that QA-07 and QA-11 flag every time, the
    others on the first 5 only; nothing else is flagged."""
    evaluators = ["QA-07", "QA-11", "<b>Lenient</b>", "QA-31"]
    customer = [[1, 1, 1, 1]] * 10 + [[1, 1, 0, 1]] * 10 + [[0, 0, 0, 0]] * 20
    compliance = [[0, 0, 0, 0]] * 20 + [[1, 1, 1, 1]] * 5 + [[1, 1, 0, 0]] * 5 + [[0] * 4] * 10
    rows = []
    for i in range(40):
        for j, e in enumerate(evaluators):
            code = ["CE-WRONG-INFO"] if customer[i][j] else []
            code += ["CO-NO-VERIFY"] if compliance[i][j] else []
            rows.append(
                {
                    "transaction_id": f"T{i:02d}",
                    "evaluator_id": e,
                    "customer_ce": customer[i][j],
                    "business_ce": 0,
                    "compliance_ce": compliance[i][j],
                    "error_code": ";".join(code) or None,
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def result():
    return calibration_check(_sample())


def test_agreement_table_and_sentences(result):
    spec = view.build_agreement_table(result, t)
    assert list(spec.frame.columns) == view.AGREEMENT_TABLE
    assert spec.frame["rating"].tolist() == [
        "Customer-critical",
        "Business-critical",
        "Compliance-critical",
        "Error code",
    ]
    # customer: kappa 47/63 = 0.746 (worked in tests/test_quality_agreement.py): trusted;
    # compliance: 5 transactions 4-0 and 5 split 2-2 (P_i = (4 + 4 - 4) / 12 = 1/3) among
    # 10 with the error, 30 clean: mean (35 + 5/3) / 40 = 0.9167; flags 30 of 160, p_e =
    # 0.1875^2 + 0.8125^2 = 0.6953; kappa = (0.9167 - 0.6953) / 0.3047 = 0.7265: trusted;
    # error code (CE 70, CO 30, none 60 of 160 ratings; P_i 1 x 25, 1/2 x 10, 1/3 x 5):
    # mean 31.667 / 40 = 0.7917, p_e = 0.4375^2 + 0.1875^2 + 0.375^2 = 0.3672, kappa =
    # (0.7917 - 0.3672) / 0.6328 = 0.6708: trusted
    assert spec.frame["kappa"].tolist() == ["0.75", "–", "0.73", "0.67"]
    assert spec.row_classes == ["met", "", "met", "met"]
    assert spec.headers["interval"] == "95% interval"
    lines = view.agreement_lines(result, t)
    assert lines[0].startswith("Customer-critical: kappa 0.75 (")
    assert "substantial agreement: trusted (0.60 needed)." in lines[0]
    assert lines[1].startswith("Business-critical: not judged: every evaluator gave")


def test_deviation_names_the_lenient_evaluator(result):
    names = view.names_of(result, t, show_ids=True)
    lines = view.deviation_lines(result, names, t)
    # the lenient evaluator missed 10 of the 20 customer errors and 5 of the 10 compliance
    # errors the others' majority found, and added none: pooled 15 of 30, exact McNemar
    # p = 2 * (1/2)^15 = 6.1e-5, Holm over 4 evaluators 2.4e-4. QA-31 missed the same 5
    # compliance errors (p = 2 * (1/2)^5 = 0.0625, Holm 3 * 0.0625): in line.
    assert lines == [
        "<b>Lenient</b> scores more leniently than the other evaluators: of the 30 critical "
        "errors their majority found, <b>Lenient</b> missed 15 (50%) and added 0 they did "
        "not find (p < 0.001). Recalibrate <b>Lenient</b> before trusting these scores."
    ]
    spec = view.build_deviation_table(result, names, t)
    assert list(spec.frame.columns) == view.DEVIATION_TABLE
    lenient = spec.frame[spec.frame["evaluator"] == "<b>Lenient</b>"]
    assert lenient["label"].tolist() == ["more lenient", "in line", "in line", "more lenient"]
    assert lenient["difference"].iloc[0] == "-25.0 pts"  # 10/40 against 20/40
    html = display.table_html(spec.frame, **spec.kwargs())
    assert "<b>Lenient</b>" not in html and "&lt;b&gt;Lenient&lt;/b&gt;" in html


def test_pseudonyms_by_default(result):
    names = view.names_of(result, t, show_ids=False)
    assert set(names) == {"QA-07", "QA-11", "<b>Lenient</b>", "QA-31"}
    assert all(v.startswith("Evaluator ") for v in names.values())
    assert len(set(names.values())) == 4


def test_summary_sentence_and_accuracy_markers():
    strict = calibration_check(_sample(), required_kappa=0.74)  # 0.746 passes, 0.727 not
    names = view.names_of(strict, t, show_ids=True)
    assert view.summary_sentence(strict, names, t) == (
        "Evaluator calibration: the evaluators do not agree well enough on "
        "compliance-critical errors (kappa below 0.74), so those accuracy figures are not "
        "trusted. Agreement on business-critical errors could not be judged. Scoring more "
        "leniently than the other evaluators: <b>Lenient</b>."
    )
    assert view.accuracy_markers(strict, t) == {
        "compliance": "evaluators disagree (kappa 0.73, 0.74 needed): not trusted"
    }
    assert view.accuracy_marker(strict, "customer", t) == ""
    assert view.accuracy_marker(None, "customer", t) == ""
    assert view.summary_sentence(None, {}, t).startswith("Evaluator agreement was not checked")


def test_methods_and_key_figures(result):
    (note,) = view.methods(result, t)
    assert "1,000 resamples" in note and "the 0.05 level" in note and "0.60" in note
    figures = view.key_figures(result, {"QA-07": "Evaluator 01"})
    assert list(figures["evaluator_agreement"]["rating"])[:1] == ["customer_ce"]
    assert "Evaluator 01" in set(figures["evaluator_deviation"]["evaluator"])
    assert view.key_figures(None, {}) == {"evaluator_agreement": [], "evaluator_deviation": []}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_string_exists_in_every_language(lang, result, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))

    def speak(key: str, **values: object) -> str:
        return text(key, lang, **values)

    speak.lang = lang  # type: ignore[attr-defined]
    s = SimpleNamespace(
        t=speak,
        lang=lang,
        options=SimpleNamespace(show_evaluator_ids=False),
        section=lambda title, level=2, ref=None: shown.append(title),
    )
    view.section(s, result)
    view.section(s, None)
    names = view.names_of(result, speak, show_ids=False)
    assert view.summary_sentence(result, names, speak)
    assert view.methods(result, speak)
    assert len(shown) > 8
