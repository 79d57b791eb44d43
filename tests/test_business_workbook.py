"""The action plan workbook: written for the client, returned edited as a client edits
it (statuses typed in another language, a done-on date, rows reordered), read back;
returned files that cannot be used name the file, column and Excel rows; the progress
counts of a plan."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from copcwb.business import (
    ACTION_CLASSES,
    ACTION_COLUMNS,
    STATUSES,
    action_progress,
    read_actions,
    write_actions,
)
from copcwb.business.plan import class_id, status_id
from copcwb.errors import InputError
from copcwb.i18n import LANGUAGES, text


def plan() -> pd.DataFrame:
    """Three actions as the runner writes them (ids, ISO dates as in results.json)."""
    rows = [
        {
            "id": "BA-01",
            "finding": "Retention Sales misses its service level target.",
            "action_class": "process_change",
            "evidence": "baseline_assessment.html § 2 Scorecard",
            "value": 125000.0,
            "priority": 1,
            "owner": "Operations manager",
            "status": "open",
            "due": "2027-01-31",
            "program": "Retention Sales",
            "kind": "gap",
            "raised": "2026-11-02",
        },
        {
            "id": "BA-02",
            "finding": "Customer-critical errors above target.",
            "action_class": "coaching",
            "evidence": "baseline_assessment.html § 5 Critical errors",
            "value": None,
            "priority": 2,
            "owner": "Team leader",
            "status": "open",
            "due": "2027-02-28",
            "raised": "2026-11-02",
        },
        {
            "id": "CD-01",
            "finding": "Reliability drives satisfaction most.",
            "action_class": "training",
            "evidence": "csat_drivers.html § 3 Importance",
            "value": None,
            "priority": 3,
            "owner": "",
            "status": "in_progress",
            "due": "2027-03-31",
            "raised": "2026-11-02",
        },
    ]
    return pd.DataFrame(rows)


def column_letter(name: str) -> str:
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[ACTION_COLUMNS.index(name)]


@pytest.fixture
def written(tmp_path: Path) -> Path:
    return write_actions(plan(), tmp_path / "actions.xlsx", language="en")


def test_the_sheet_holds_ids_in_row_1_labels_in_cells_and_real_dates(written):
    ws = load_workbook(written).active
    assert [c.value for c in ws[1]] == list(ACTION_COLUMNS)
    assert ws.freeze_panes == "A2"
    assert ws[f"{column_letter('action_class')}2"].value == "Process change"
    assert ws[f"{column_letter('action_class')}3"].value == "Individual coaching"
    assert ws[f"{column_letter('status')}4"].value == "in progress"
    due = ws[f"{column_letter('due')}2"]
    assert due.is_date and due.value.date() == dt.date(2027, 1, 31)
    value = ws[f"{column_letter('value')}2"]
    assert value.value == 125000.0 and value.number_format == "#,##0"
    assert ws[f"{column_letter('value')}3"].value is None
    assert ws.column_dimensions[column_letter("finding")].width > 40


def test_labels_follow_the_language(tmp_path):
    path = write_actions(plan(), tmp_path / "zh.xlsx", language="zh-Hans")
    ws = load_workbook(path).active
    assert ws[f"{column_letter('action_class')}4"].value == text("action_class.training", "zh-Hans")
    assert ws[f"{column_letter('status')}2"].value == text("action_status.open", "zh-Hans")
    assert [c.value for c in ws[1]] == list(ACTION_COLUMNS)  # ids in every language


def test_the_status_column_has_a_drop_down_of_the_three_labels(written):
    ws = load_workbook(written).active
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list"
    assert validation.formula1 == '"open,in progress,done"'
    status = column_letter("status")
    assert str(validation.sqref) == f"{status}2:{status}4"  # every data row, 3 actions


def test_a_round_trip_through_a_client_who_edits_the_workbook(written):
    wb = load_workbook(written)
    ws = wb.active
    status, done_on, comment = (column_letter(c) for c in ("status", "done_on", "comment"))
    # The client types statuses in Traditional Chinese, in capitals with spaces, and as
    # an id; records a done-on date and a comment; changes an owner.
    ws[f"{status}2"] = text("action_status.done", "zh-Hant")  # BA-01 -> done
    ws[f"{done_on}2"] = dt.datetime(2026, 12, 15)
    ws[f"{comment}2"] = "new routing live"
    ws[f"{status}3"] = "  IN   PROGRESS "  # BA-02 -> in_progress
    ws[f"{status}4"] = "done"  # CD-01 -> done
    ws[f"{done_on}4"] = "2026-12-20"  # typed as text
    ws[f"{column_letter('owner')}4"] = "Training lead"
    # ... and sorts the rows the other way round
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    for number, values in enumerate(reversed(rows), start=2):
        for col, value in enumerate(values, start=1):
            ws.cell(row=number, column=col, value=value)
    wb.save(written)

    back = read_actions(written)
    assert list(back.columns) == list(ACTION_COLUMNS)
    assert list(back["id"]) == ["CD-01", "BA-02", "BA-01"]  # the workbook's order
    by_id = back.set_index("id")
    assert by_id.loc["BA-01", "status"] == "done"
    assert by_id.loc["BA-02", "status"] == "in_progress"
    assert by_id.loc["CD-01", "status"] == "done"
    assert by_id.loc["BA-01", "action_class"] == "process_change"  # an id, not the label
    assert by_id.loc["BA-01", "done_on"] == pd.Timestamp("2026-12-15")
    assert by_id.loc["CD-01", "done_on"] == pd.Timestamp("2026-12-20")
    assert pd.isna(by_id.loc["BA-02", "done_on"])
    assert by_id.loc["BA-01", "comment"] == "new routing live"
    assert by_id.loc["CD-01", "owner"] == "Training lead"
    assert by_id.loc["BA-01", "value"] == 125000.0
    assert math.isnan(by_id.loc["BA-02", "value"])
    assert by_id.loc["BA-02", "priority"] == 2
    assert by_id.loc["BA-01", "due"] == pd.Timestamp("2027-01-31")


def test_a_plan_read_back_unchanged_equals_what_was_written(written):
    back = read_actions(written)
    sent = plan()
    assert list(back["id"]) == list(sent["id"])
    assert list(back["status"]) == list(sent["status"])
    assert list(back["action_class"]) == list(sent["action_class"])
    assert list(back["due"]) == [pd.Timestamp(d) for d in sent["due"]]
    assert list(back["program"]) == ["Retention Sales", "", ""]


def test_an_existing_file_is_never_overwritten_unless_asked(written, tmp_path):
    before = written.read_bytes()
    with pytest.raises(FileExistsError):
        write_actions(plan(), written)
    assert written.read_bytes() == before
    changed = plan().assign(status="done")
    write_actions(changed, written, overwrite=True)
    assert set(read_actions(written)["status"]) == {"done"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["actions.xlsx"]  # no temp file left


def test_a_plan_with_an_unknown_status_id_is_not_written(tmp_path):
    with pytest.raises(ValueError, match="unknown ids"):
        write_actions(plan().assign(status="closed"), tmp_path / "x.xlsx")
    assert not (tmp_path / "x.xlsx").exists()


def _returned(tmp_path: Path, rows: list[list[object]], header=ACTION_COLUMNS) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    path = tmp_path / "returned.xlsx"
    wb.save(path)
    return path


def _row(id_, status="open", action_class="training", done_on=None) -> list[object]:
    values = dict.fromkeys(ACTION_COLUMNS)
    values.update(id=id_, finding="f", action_class=action_class, status=status, done_on=done_on)
    return list(values.values())


def test_unknown_status_names_file_column_and_excel_rows(tmp_path):
    path = _returned(tmp_path, [_row("A-1"), _row("A-2", "closed"), _row("A-3", "finished")])
    with pytest.raises(InputError) as caught:
        read_actions(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert problem.column == "status"
    assert list(problem.rows) == [3, 4]  # header is row 1: A-2 sits in row 3
    assert "in progress" in problem.fix


def test_duplicate_ids_name_every_row_holding_them(tmp_path):
    path = _returned(tmp_path, [_row("A-1"), _row("A-2"), _row("A-1")])
    with pytest.raises(InputError) as caught:
        read_actions(path)
    (problem,) = caught.value.problems
    assert problem.column == "id"
    assert list(problem.rows) == [2, 4]
    assert "more than once" in problem.problem


def test_every_problem_is_reported_at_once(tmp_path):
    rows = [
        _row("A-1", "closed"),
        _row("", "open"),
        _row("A-3", "done", done_on="last week"),
        _row("A-4", "open", action_class="magic"),
    ]
    with pytest.raises(InputError) as caught:
        read_actions(_returned(tmp_path, rows))
    found = {(p.column, tuple(p.rows)) for p in caught.value.problems}
    assert found == {
        ("status", (2,)),
        ("id", (3,)),
        ("done_on", (4,)),
        ("action_class", (5,)),
    }


def test_a_missing_required_column_is_named(tmp_path):
    header = [c for c in ACTION_COLUMNS if c not in ("status", "finding")]
    path = _returned(tmp_path, [["A-1", "training"]], header=header)
    with pytest.raises(InputError) as caught:
        read_actions(path)
    assert {p.column for p in caught.value.problems} == {"status", "finding"}
    assert all(list(p.rows) == [1] for p in caught.value.problems)


@pytest.mark.parametrize(
    "name,content", [("plan.xlsx", b"id,status\nA-1,open\n"), ("plan.csv", b"id")]
)
def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as caught:
        read_actions(path)
    (problem,) = caught.value.problems
    assert problem.file == str(path)
    assert ".xlsx" in problem.problem or ".xlsx" in problem.fix


def test_empty_rows_and_extra_columns_are_ignored(tmp_path):
    header = [*ACTION_COLUMNS, "client note"]
    rows = [_row("A-1") + ["ok"], [None] * len(header), _row("A-2", "DONE") + [None]]
    back = read_actions(_returned(tmp_path, rows, header=header))
    assert list(back["id"]) == ["A-1", "A-2"]
    assert list(back["status"]) == ["open", "done"]


def test_every_label_in_every_language_reads_as_its_id():
    for lang in LANGUAGES:
        for status in STATUSES:
            assert status_id(text(f"action_status.{status}", lang).upper()) == status
        for action_class in ACTION_CLASSES:
            assert class_id(f" {text(f'action_class.{action_class}', lang)} ") == action_class
    assert status_id("in-progress") == "in_progress"
    assert status_id("closed") is None


def test_progress_counts_the_plan_by_status_and_class():
    # 5 actions: process_change done, done, open; coaching in_progress; training done.
    actions = pd.DataFrame(
        {
            "action_class": ["process_change"] * 3 + ["coaching", "training"],
            "status": ["done", "done", "open", "in_progress", "done"],
        }
    )
    progress = action_progress(actions)
    assert (progress.n_found, progress.n_done, progress.n_in_progress, progress.n_open) == (
        5,
        3,
        1,
        1,
    )
    assert progress.share_done == pytest.approx(3 / 5)
    rows = progress.by_class.set_index("action_class")
    assert list(rows.index) == list(ACTION_CLASSES)
    assert rows.loc["process_change", ["n_found", "n_done", "n_open"]].tolist() == [3, 2, 1]
    assert rows.loc["process_change", "share_done"] == pytest.approx(2 / 3)
    assert rows.loc["coaching", "n_in_progress"] == 1
    assert rows.loc["coaching", "share_done"] == 0.0
    assert rows.loc["loss_control", "n_found"] == 0
    assert math.isnan(rows.loc["loss_control", "share_done"])
    total = progress.summary().iloc[-1]
    assert total["action_class"] == "ALL" and total["n_found"] == 5


def test_progress_of_an_empty_plan_is_zero():
    progress = action_progress(pd.DataFrame({"action_class": [], "status": []}))
    assert (progress.n_found, progress.n_done) == (0, 0)
    assert math.isnan(progress.share_done)
    assert progress.by_class["n_found"].sum() == 0


def test_progress_refuses_labels_instead_of_ids():
    with pytest.raises(ValueError, match="status"):
        action_progress(pd.DataFrame({"action_class": ["training"], "status": ["in progress"]}))
