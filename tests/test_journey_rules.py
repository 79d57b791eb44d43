"""Each checkpoint rule on hand-built journeys, with the arithmetic written out: what
passes, what fails, what is not applicable and what is not judged yet (open)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from copcwb import journey

BASE = "2026-03-02 09:00"


def _journeys(rows: list[dict], start: str = BASE) -> pd.DataFrame:
    """One contact per row: a distinct customer each unless the row names one, program
    "P", voice, starting at ``start`` unless the row says otherwise."""
    frame = pd.DataFrame(rows)
    n = len(frame)
    defaults = {
        "contact_id": [f"k{i}" for i in range(n)],
        "customer_id": [f"c{i}" for i in range(n)],
        "program": ["P"] * n,
        "channel": ["voice"] * n,
        "start_time": [start] * n,
    }
    for column, values in defaults.items():
        if column not in frame:
            frame[column] = values
        else:
            frame[column] = frame[column].fillna(pd.Series(values))
    # the last contact sets the end of the data: a month after the others
    last = {c: [v] for c, v in defaults.items()}
    last |= {
        "contact_id": ["k-last"],
        "customer_id": ["c-last"],
        "start_time": ["2026-04-30 18:00"],
    }
    frame = pd.concat([frame, pd.DataFrame(last)], ignore_index=True)
    for column in frame.columns:
        if column.endswith("_at") or column == "start_time":
            frame[column] = pd.to_datetime(frame[column])
    return frame


def _row(journeys: pd.DataFrame, checkpoint: str, **kw) -> pd.Series:
    table = journey.checkpoints(journeys, by=(), **kw)
    return table.set_index("checkpoint").loc[checkpoint]


def _counts(row: pd.Series) -> tuple[int, int, int]:
    return int(row["n_applicable"]), int(row["n_failed"]), int(row["n_open"])


# -- callbacks: 15 minutes of tolerance (placeholder) ------------------------------------


def test_a_callback_14_minutes_late_passes_16_fails_never_made_fails():
    rows = [
        # promised 12:00, made 12:14: 14 min late <= 15 -> on time
        {"callback_promised_at": "2026-03-02 12:00", "callback_made_at": "2026-03-02 12:14"},
        # made 12:16: 16 min late > 15 -> late
        {"callback_promised_at": "2026-03-02 12:00", "callback_made_at": "2026-03-02 12:16"},
        # never made, promised long before the end of the data (30 April) -> failed
        {"callback_promised_at": "2026-03-02 12:00", "callback_made_at": None},
        # made exactly 15 min late: on the boundary, passes
        {"callback_promised_at": "2026-03-02 12:00", "callback_made_at": "2026-03-02 12:15"},
        # made early: passes
        {"callback_promised_at": "2026-03-02 12:00", "callback_made_at": "2026-03-02 11:40"},
        # no callback promised: not applicable
        {"callback_promised_at": None, "callback_made_at": None},
    ]
    on_time = _row(_journeys(rows), "callback_on_time")
    # applicable: 5 promises (the 6th row and the last contact have none); failed: 16 min, never
    assert _counts(on_time) == (5, 2, 0)
    assert on_time["failure_rate"] == pytest.approx(2 / 5)
    made = _row(_journeys(rows), "callback_made")
    assert _counts(made) == (5, 1, 0)  # only the one never made fails


def test_a_callback_promised_after_the_end_of_the_data_is_not_judged_yet():
    # the data end with the last contact at 2026-04-30 18:00; a callback promised for
    # 17:50 is due at 17:50 + 15 min = 18:05, after the end: open, not failed
    rows = [{"callback_promised_at": "2026-04-30 17:50", "callback_made_at": None}]
    assert _counts(_row(_journeys(rows), "callback_on_time")) == (0, 0, 1)
    # promised 17:40: due 17:55, before the end, and not made: failed
    rows = [{"callback_promised_at": "2026-04-30 17:40", "callback_made_at": None}]
    assert _counts(_row(_journeys(rows), "callback_on_time")) == (1, 1, 0)


def test_the_engagement_s_tolerance_replaces_the_placeholder():
    rows = [{"callback_promised_at": "2026-03-02 12:00", "callback_made_at": "2026-03-02 12:14"}]
    catalog = journey.checkpoint_catalog(values={"callback_on_time": 10})
    row = catalog.set_index("checkpoint").loc["callback_on_time"]
    assert row["value"] == 10 and row["value_source"] == "engagement"
    # 14 minutes late against 10 minutes of tolerance: late
    assert _counts(_row(_journeys(rows), "callback_on_time", catalog=catalog)) == (1, 1, 0)


# -- cases: closed - opened <= sla_hours -------------------------------------------------


def test_a_case_closed_in_3h59_passes_a_4h_sla_4h01_fails_and_open_is_not_judged():
    opened = "2026-03-02 08:00"
    rows = [
        # 08:00 -> 11:59 is 3 h 59 min <= 4 h: within its SLA
        {"case_opened_at": opened, "case_closed_at": "2026-03-02 11:59", "sla_hours": 4.0},
        # 08:00 -> 12:01 is 4 h 01 min > 4 h: breached
        {"case_opened_at": opened, "case_closed_at": "2026-03-02 12:01", "sla_hours": 4.0},
        # 08:00 -> 12:00 is exactly 4 h: on the boundary, within
        {"case_opened_at": opened, "case_closed_at": "2026-03-02 12:00", "sla_hours": 4.0},
        # still open: not judged, counted as open
        {"case_opened_at": opened, "case_closed_at": None, "sla_hours": 4.0},
        # no case: not applicable
        {"case_opened_at": None, "case_closed_at": None, "sla_hours": None},
    ]
    row = _row(_journeys(rows), "case_closed_within_sla")
    assert _counts(row) == (3, 1, 1)
    assert row["failure_rate"] == pytest.approx(1 / 3)


def test_a_priority_with_the_engagement_s_sla_table_stands_for_sla_hours():
    rows = [
        # urgent = 4 h: 08:00 -> 12:30 is 4.5 h, breached
        {"case_opened_at": "2026-03-02 08:00", "case_closed_at": "2026-03-02 12:30",
         "case_priority": "urgent"},
        # normal = 24 h: 4.5 h is within
        {"case_opened_at": "2026-03-02 08:00", "case_closed_at": "2026-03-02 12:30",
         "case_priority": "normal"},
        # a priority the table lacks has no SLA: not applicable
        {"case_opened_at": "2026-03-02 08:00", "case_closed_at": "2026-03-02 12:30",
         "case_priority": "vip"},
    ]  # fmt: skip
    table = {"urgent": 4, "normal": 24}
    row = _row(_journeys(rows), "case_closed_within_sla", sla_hours=table)
    assert _counts(row) == (2, 1, 0)
    # without the table the file has no SLA hours: the checkpoint needs more data
    row = _row(_journeys(rows), "case_closed_within_sla")
    assert row["status"] == "needs_data" and row["missing"] == "sla_hours"


# -- IVR, queue, transfers -------------------------------------------------------------


def test_ivr_time_over_120_seconds_fails_and_a_missing_time_is_not_applicable():
    rows = [{"ivr_seconds": 120.0}, {"ivr_seconds": 121.0}, {"ivr_seconds": 30.0}, {}]
    # 120 s is on the threshold (passes), 121 s fails; the fourth row and the last contact
    # have no IVR time: 3 applicable
    assert _counts(_row(_journeys(rows), "ivr_within_threshold")) == (3, 1, 0)
    # the outer limit of 300 s: none of them fails
    assert _counts(_row(_journeys(rows), "ivr_not_lost")) == (3, 0, 0)


def test_ivr_and_queue_time_together():
    rows = [
        {"ivr_seconds": 100.0, "queue_seconds": 80.0},  # 180 s = threshold: passes
        {"ivr_seconds": 100.0, "queue_seconds": 81.0},  # 181 s > 180 s: fails
        {"ivr_seconds": 100.0, "queue_seconds": None},  # one of them unknown: n/a
    ]
    assert _counts(_row(_journeys(rows), "time_to_agent_within_threshold")) == (2, 1, 0)


def test_no_transfer_fails_from_the_first_transfer():
    rows = [{"transfers": 0}, {"transfers": 1}, {"transfers": 2}, {"transfers": None}]
    # no_transfer: 1 and 2 fail; at_most_one_transfer: only 2 fails
    assert _counts(_row(_journeys(rows), "no_transfer")) == (3, 2, 0)
    assert _counts(_row(_journeys(rows), "at_most_one_transfer")) == (3, 1, 0)


# -- repeats ---------------------------------------------------------------------------


def test_a_repeat_within_7_days_fails_a_later_one_passes():
    rows = [
        {"customer_id": "a", "start_time": "2026-03-02 09:00"},
        # 6 days 23 h later: a repeat of the first contact (<= 168 h)
        {"customer_id": "a", "start_time": "2026-03-09 08:00"},
        {"customer_id": "b", "start_time": "2026-03-02 09:00"},
        # 7 days 1 minute later: not a repeat (168 h 1 min > 168 h)
        {"customer_id": "b", "start_time": "2026-03-09 09:01"},
        # the same customer in another program is not a repeat of this program's contact
        {"customer_id": "d", "start_time": "2026-03-02 09:00"},
        {"customer_id": "d", "start_time": "2026-03-03 09:00", "program": "Q"},
    ]
    row = _row(_journeys(rows), "no_repeat_7d")
    # 7 contacts (the 6 and the last, on 30 April 18:00); the last is censored (its 7 days
    # run past the end of the data): 6 judged, 1 open; only the first contact failed
    assert _counts(row) == (6, 1, 1)
    # 48 hours: the first contact's repeat came 167 h later, so it passes here; the last
    # contact is censored for 48 hours too
    assert _counts(_row(_journeys(rows), "no_repeat_48h")) == (6, 0, 1)


def test_the_contact_log_adds_the_repeats_the_journeys_file_lacks():
    journeys = _journeys([{"customer_id": "a", "start_time": "2026-03-02 09:00"}])
    contacts = pd.DataFrame(
        {
            "contact_id": ["x1"],
            "customer_id": ["a"],
            "program": ["P"],
            "channel": ["chat"],
            "start_time": pd.to_datetime(["2026-03-04 10:00"]),  # 49 h after
        }
    )
    without = _row(journeys, "no_repeat_7d")
    assert _counts(without) == (1, 0, 1)
    with_log = _row(journeys, "no_repeat_7d", contacts=contacts)
    assert _counts(with_log) == (1, 1, 1)


# -- bot, recorded resolution ----------------------------------------------------------


def test_bot_sessions_and_dead_ends():
    rows = [
        {"customer_id": "a", "bot_used": 1, "bot_resolved": 0},  # unresolved, then back:
        {"customer_id": "a", "bot_used": 0, "start_time": "2026-03-03 09:00"},  # dead end
        {"customer_id": "b", "bot_used": 1, "bot_resolved": 0},  # unresolved, not back
        {"customer_id": "c", "bot_used": 1, "bot_resolved": 1},  # resolved
        {"customer_id": "e", "bot_used": 0},  # no bot: not applicable
    ]
    assert _counts(_row(_journeys(rows), "bot_resolved")) == (3, 2, 0)
    assert _counts(_row(_journeys(rows), "bot_no_dead_end")) == (3, 1, 0)


def test_recorded_resolution_and_its_confirmation():
    rows = [
        {"customer_id": "a", "resolved_flag": 1},
        {"customer_id": "a", "resolved_flag": 0, "start_time": "2026-03-04 09:00"},
        {"customer_id": "b", "resolved_flag": 1},
    ]
    # the second contact is recorded unresolved; the last contact has no flag
    assert _counts(_row(_journeys(rows), "marked_resolved")) == (3, 1, 0)
    # recorded resolved but back two days later: not confirmed; b is confirmed
    assert _counts(_row(_journeys(rows), "resolution_confirmed")) == (2, 1, 0)


# -- what the data cannot judge ---------------------------------------------------------


def test_a_checkpoint_whose_columns_are_absent_is_listed_never_dropped():
    table = journey.checkpoints(_journeys([{"ivr_seconds": 100.0}]), by=())
    catalog = journey.checkpoint_catalog()
    assert list(table["checkpoint"]) == list(catalog["checkpoint"])
    rows = table.set_index("checkpoint")
    assert rows.loc["ivr_within_threshold", "status"] == "computed"
    assert rows.loc["callback_on_time", "status"] == "needs_data"
    assert rows.loc["callback_on_time", "missing"] == "callback_promised_at callback_made_at"
    assert rows.loc["agent_courtesy", "status"] == "human_qa"
    assert rows.loc["callback_on_time", "n_applicable"] == 0
    assert math.isnan(rows.loc["callback_on_time", "failure_rate"])
    left = journey.left_to_human_qa(table, catalog)
    assert "callback_on_time" in set(left["checkpoint"]) and "ivr_within_threshold" not in set(
        left["checkpoint"]
    )


def test_rates_per_program_with_a_wilson_interval():
    rows = [{"ivr_seconds": 200.0, "program": "A"}] + [{"ivr_seconds": 10.0, "program": "A"}] * 3
    rows += [{"ivr_seconds": 10.0, "program": "B"}]
    journeys = _journeys(rows)
    journeys.loc[journeys["contact_id"] == "k-last", "program"] = "B"
    table = journey.checkpoints(journeys).set_index(["program", "checkpoint"])
    a = table.loc[("A", "ivr_within_threshold")]
    assert (a["n_applicable"], a["n_failed"]) == (4, 1)
    # Wilson 95% for 1 of 4, z = 1.959964, z^2 = 3.841459: p = 0.25, z^2/n = 0.960365;
    # centre = (0.25 + 3.841459 / 8) / 1.960365 = 0.730182 / 1.960365 = 0.372473;
    # half = 1.959964 / 1.960365 * sqrt(0.25 * 0.75 / 4 + 3.841459 / 64)
    #      = 0.999796 * sqrt(0.046875 + 0.060023) = 0.999796 * 0.326952 = 0.326885
    # -> 0.372473 - 0.326885 = 0.045588 to 0.372473 + 0.326885 = 0.699358
    assert a["ci_low"] == pytest.approx(0.045588, abs=1e-5)
    assert a["ci_high"] == pytest.approx(0.699358, abs=1e-5)
    b = table.loc[("B", "ivr_within_threshold")]
    assert (b["n_applicable"], b["n_failed"]) == (1, 0)  # the last contact has no IVR time
