"""The follow-up report's views: tables and sentences built from hand-checked parts,
and every section shown in each report language without a missing string."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copcwb import display
from copcwb.business import action_progress
from copcwb.followup import (
    accuracy_change,
    driver_change,
    readiness_change,
    scorecard_change,
)
from copcwb.followup.report import ReportSession
from copcwb.followup.runs import RunRecord
from copcwb.i18n import LANGUAGES, text
from copcwb.views import follow_up as show
from copcwb.views.follow_up import tables
from copcwb.views.follow_up import text as txt
from tests.test_compare import (
    ACC_NOW,
    ACC_THEN,
    DRIVERS_NOW,
    DRIVERS_THEN,
    READY_NOW,
    READY_THEN,
    SCORECARD_NOW,
    SCORECARD_THEN,
    results,
)


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


THEN = results(
    scorecard=SCORECARD_THEN, readiness=READY_THEN, accuracy=ACC_THEN, importance=DRIVERS_THEN
)
NOW = results(
    scorecard=SCORECARD_NOW, readiness=READY_NOW, accuracy=ACC_NOW, importance=DRIVERS_NOW
)


def progress():
    # 4 actions: process_change done and open, coaching in progress, training done
    return action_progress(
        pd.DataFrame(
            {
                "action_class": ["process_change", "process_change", "coaching", "training"],
                "status": ["done", "open", "in_progress", "done"],
            }
        )
    )


def test_scorecard_table_phrases_values_in_their_unit_and_colours_the_state_now():
    spec = tables.build_scorecard_table(scorecard_change(THEN, NOW), "North", t)
    frame = spec.frame.set_index("metric")
    assert frame.loc["service_level", "value_then"] == "82.0%"
    assert frame.loc["service_level", "value_now"] == "78.0%"
    assert frame.loc["service_level", "trend_now"] == "↓ deteriorating"
    assert frame.loc["service_level", "change"] == "newly missed"
    assert frame.loc["aht_s", "value_then"] == "330 s"
    assert frame.loc["fcr_7d", "value_now"] == "–"  # dropped
    assert frame.loc["nps", "change"] == "not judged (no target)"
    assert spec.row_classes[0] == "missed" and spec.row_classes[1] == "met"


def test_accuracy_table_shows_n_and_the_change_in_points():
    spec = tables.build_accuracy_table(accuracy_change(THEN, NOW), t)
    first = spec.frame.iloc[0]
    # North customer-critical: 360/400 = 90.0% then, 475/500 = 95.0% now, +5.0 points
    assert first["accuracy_then"] == "90.0% (n = 400)"
    assert first["accuracy_now"] == "95.0% (n = 500)"
    assert first["difference"] == "+5.0 pts"
    assert first["change"] == "improved"
    assert spec.row_classes == ["met", "missed"]  # South: 95.0% -> 85.0%, worsened


def test_readiness_table_pins_the_overall_row():
    spec = tables.build_readiness_table(readiness_change(THEN, NOW), t)
    assert list(spec.frame["program"]) == ["North", "South", "West", "All programs"]
    assert spec.frame.iloc[2]["ready_then"] == "–"
    assert "copcwb-pinned" in spec.row_classes[-1]


def test_actions_table_lists_the_classes_found_and_the_whole_plan():
    spec = tables.build_actions_table(progress(), t)
    assert list(spec.frame["action_class"]) == [
        "Process change",
        "Training",
        "Individual coaching",
        "Whole plan",
    ]
    assert spec.frame.iloc[0]["share_done"] == "50.0%"  # 1 of 2 process changes done
    assert spec.frame.iloc[-1]["n_found"] == 4 and spec.frame.iloc[-1]["share_done"] == "50.0%"


def test_summary_counts_metrics_judged_in_both_runs():
    # Judged in both runs: North service_level (met -> missed), aht_s (missed -> met),
    # abandon_rate (met -> met), asa_s (missed -> missed), South service_level (met ->
    # met): 5 metrics, 3 met then (service_level, abandon_rate, South), 3 met now
    # (aht_s, abandon_rate, South); nps (no target), csat_top2 (new) and fcr_7d
    # (dropped) are left out.
    line = txt.scorecard_summary(scorecard_change(THEN, NOW), t)
    assert line == (
        "Scorecard: 1 targets newly met and 1 newly missed; "
        "3 of 5 metrics meet their target now, against 3 at the baseline."
    )


def test_summary_says_what_is_not_available():
    empty = results()
    lines = txt.summary_lines(
        scorecard_change(empty, NOW),
        readiness_change(THEN, NOW),
        accuracy_change(empty, empty),
        driver_change(THEN, NOW),
        None,
        t,
    )
    assert lines[0] == "Scorecard then and now: not available."
    assert lines[1] == "Readiness: not ready at the baseline, ready now."
    assert lines[2] == "Critical-error accuracy then and now: not available."
    assert lines[3] == "The strongest driver of satisfaction was reliability and is empathy now."
    assert lines[4].startswith("No returned action plan was given")


def test_missing_sentence_names_the_run():
    part = scorecard_change(results(), NOW)
    assert txt.missing_sentence(part, "scorecard", t).startswith(
        "Not available: the baseline run recorded no scorecard"
    )
    assert txt.missing_sentence(scorecard_change(THEN, NOW), "scorecard", t) is None


def record(run_id: str, language: str, figures: dict) -> RunRecord:
    engagement = {
        "id": "test-eng",
        "client": "Test Client",
        "period": {"start": "2025-11", "end": "2026-10"},
        "language": language,
    }
    return RunRecord(
        folder=Path("."),
        run_id=run_id,
        engagement=engagement,
        results=figures,
        manifest={"finished_at": "2026-11-02T10:00:00+00:00"},
        manifest_sha256="0" * 64,
        results_sha256="1" * 64,
    )


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("complete", [True, False], ids=["complete", "lacking"])
def test_every_section_shows_in_every_language(lang, complete, monkeypatch):
    shown: list[str] = []
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    then = THEN if complete else results(readiness=READY_THEN)
    s = ReportSession(lang, record("a", lang, then), record("b", lang, NOW), "cmp")
    scorecard = scorecard_change(then, NOW)
    readiness = readiness_change(then, NOW)
    accuracy = accuracy_change(then, NOW)
    drivers = driver_change(then, NOW)
    plan = progress() if complete else None
    show.runs(s)
    show.scorecard(s, scorecard)
    show.readiness(s, readiness)
    show.critical_errors(s, accuracy)
    show.drivers(s, drivers)
    show.actions(s, plan)
    show.methods(s, accuracy)
    show.executive_summary(s, scorecard, readiness, accuracy, drivers, plan)
    page = "".join(shown)
    assert text("follow_up.section.methods", lang) in page
    assert ("copcwb-note" in page) is not complete  # "not available" notes only when lacking
    assert "7 " + text("follow_up.section.methods", lang) in page  # numbered in order
