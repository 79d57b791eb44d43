"""The maturity stage in the baseline report: the table, the evidence lines and the
summary sentence built by hand from a small ladder, the section shown in every language
with a hostile program name escaped, and many programs as one grid."""

from __future__ import annotations

import re

import matplotlib
import pandas as pd
import pytest

from copcwb import display
from copcwb.baseline import OVERALL, maturity
from copcwb.charts import configure_fonts
from copcwb.i18n import LANGUAGES, text
from copcwb.session import SectionNumbers, Speaking
from copcwb.views import baseline as show
from copcwb.views.baseline import maturity_text as view

matplotlib.use("Agg")

HOSTILE = "North <img src=x onerror=alert(1)>"

# Two operational metrics (share, higher), one refined, one strategic, one visionary.
CATALOG = pd.DataFrame(
    {
        "metric": ["o1", "o2", "r1", "s1", "v1"],
        "label": ["Op one", "Op two", "Ref one", "Str one", "Vis one"],
        "category": ["service"] * 5,
        "unit": ["share"] * 5,
        "direction": ["higher"] * 5,
        "target": [0.8] * 5,
        "stage": ["operational", "operational", "refined", "strategic", "visionary"],
    }
)


def scorecard(programs: dict[str, list[tuple]]) -> pd.DataFrame:
    rows = [(p, *r) for p, metrics in programs.items() for r in metrics]
    frame = pd.DataFrame(
        rows, columns=["program", "metric", "value", "target", "meets_target", "trend"]
    )
    return frame.astype({"meets_target": "boolean"})


# North: o1 and o2 meet (operational 2/2), r1 meets (refined 1/1), s1 and v1 absent:
#   reaches refined, next strategic, whose s1 is not measured.
# South: o1 misses and is stable (below target), o2 absent (operational 0/2), r1 meets
#   (refined 1/1): reaches refined over an operational rung at 0%.
NORTH_SOUTH = {
    HOSTILE: [
        ("o1", 0.90, 0.8, True, "stable"),
        ("o2", 0.85, 0.8, True, "stable"),
        ("r1", 0.82, 0.8, True, "stable"),
    ],
    "South": [("o1", 0.70, 0.8, False, "stable"), ("r1", 0.81, 0.8, True, "stable")],
}


def result():
    return maturity(scorecard(NORTH_SOUTH), CATALOG)


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


class Report(Speaking):
    """A session's speaking part: catalog strings in ``lang``, numbered sections."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._numbers = SectionNumbers()


def test_stage_table_by_hand():
    spec = view.build_stage_table(result(), t)
    frame = spec.frame.set_index("program")
    assert list(frame.index) == [HOSTILE, "South", "All programs"]
    # North: operational 2 of 2 = 100%, refined 1 of 1, strategic 0 of 1 (none measured)
    assert frame.at[HOSTILE, "stage"] == "Refined"
    assert frame.at[HOSTILE, "next_stage"] == "Strategic"
    assert frame.at[HOSTILE, "operational"] == "100% (2 of 2 managed, 2 measured)"
    assert frame.at[HOSTILE, "strategic"] == "0% (0 of 1 managed, 0 measured)"
    # pooled: operational 2 + 0 of 2 x 2 = 50% (3 measured), refined 2 of 2
    assert frame.at["All programs", "operational"] == "50% (2 of 4 managed, 3 measured)"
    assert frame.at["All programs", "stage"] == "Refined"
    assert spec.row_classes == ["met", "met", "met copcwb-pinned"]
    assert spec.headers["operational"] == "Operational"


def test_evidence_lines_by_hand():
    lines = view.build_evidence_lines(result(), t)
    assert lines == [
        f"{HOSTILE}, towards Strategic: not measured: Str one.",
        "South, towards Strategic: not measured: Str one.",
        # South's operational rung: 0 of 2 managed; o2 absent, o1 70.0% < 80.0%, stable
        "South: a rung below is not yet managed (Operational, 0% managed): not measured: "
        "Op two; below target and not improving: Op one (70.0% against 80.0%).",
    ]


def test_summary_sentence_names_each_program_or_counts_them():
    assert view.summary_sentence(result(), t) == (
        "Where the center stands: all programs pooled reach the Refined stage of the "
        f"maturity ladder (next: Strategic); {HOSTILE} (Refined) and South (Refined)."
    )
    # 15 programs: 5 copies each of a refined one (North's metrics), an operational one
    # (o1, o2 meet only) and one at no stage (nothing measured but a missed o1)
    many = {}
    for i in range(5):
        many[f"R{i:02d}"] = NORTH_SOUTH[HOSTILE]
        many[f"O{i:02d}"] = NORTH_SOUTH[HOSTILE][:2]
        many[f"N{i:02d}"] = [("o1", 0.5, 0.8, False, "stable")]
    big = maturity(scorecard(many), CATALOG)
    # pooled: operational 20 of 30 managed (67%), refined 5 of 15 (33%): operational
    assert view.summary_sentence(big, t) == (
        "Where the center stands: all programs pooled reach the Operational stage of the "
        "maturity ladder (next: Refined); of the 15 programs, Refined 5, Operational 5, "
        "No stage yet 5."
    )
    # the evidence of the 12 nearest their next stage: the refined ones (strategic 0 of
    # 1), then the operational (refined 0 of 1) and the unstaged (operational 0 of 2)
    # all at 0%, by name
    lines = view.build_evidence_lines(big, t)
    assert len(lines) == 12
    assert [line.split(",")[0] for line in lines][:7] == [f"N{i:02d}" for i in range(5)] + [
        "O00",
        "O01",
    ]


def test_summary_sentence_when_the_pooled_programs_reach_no_stage():
    # one program, o1 missed: operational 0 of 2, no stage, pooled alike
    none = maturity(scorecard({"East": [("o1", 0.5, 0.8, False, "stable")]}), CATALOG)
    assert view.summary_sentence(none, t) == (
        "Where the center stands: all programs pooled reach no stage of the maturity "
        "ladder yet (next: Operational); East (No stage yet)."
    )


def test_methods_and_recorded_figures():
    (line,) = view.methods(result(), t)
    assert "at least 50% (a placeholder)" in line
    assert view.methods(None, t) == [] and view.figures(None) == {}
    figures = view.figures(result())
    assert list(figures) == ["summary", "evidence", "threshold", "unstaged"]
    assert list(figures["summary"]["program"]) == [HOSTILE, "South", OVERALL]
    assert len(figures["evidence"]) == 4 and figures["threshold"] == 0.5


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_section_shows_in_every_language_escaped(lang, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    report = Report(lang)
    report.section("Readiness")
    with matplotlib.rc_context():  # the fonts a session of the language sets, then undone
        configure_fonts(lang)
        show.maturity(report, result())
    html = "".join(shown)
    assert "<img src=x" not in html
    assert "North &lt;img src=x onerror=alert(1)&gt;" in html
    assert re.search(r"<h3[^>]*>1\.1 ", html)  # a subsection of the section before it
    assert html.count("<img ") == 1  # the ladders, one figure
    names = {
        "en": ("Operational", "Refined", "Strategic", "Visionary"),
        "zh-Hant": ("作業型", "精緻型", "策略型", "願景型"),
        "zh-Hans": ("作业型", "精致型", "策略型", "愿景型"),
    }[lang]
    for name in names:
        assert name in html, name
    assert display.escape(text("maturity.placeholder", lang, threshold="50%")) in html


def test_many_programs_get_one_grid(monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    many = {f"P{i:02d}": NORTH_SOUTH[HOSTILE] for i in range(14)} | {HOSTILE: []}
    many[HOSTILE] = NORTH_SOUTH["South"]
    show.maturity(Report("en"), maturity(scorecard(many), CATALOG))
    html = "".join(shown)
    assert "A grid of programs by stage" in html  # the grid (its alt text)
    assert html.count("<img ") == 1
    assert "What the 12 programs nearest their next stage lack" in html
    assert "&lt;img" in html and "<img src=x" not in html
