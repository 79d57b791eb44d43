"""Tables of the follow-up report, built from the comparison's parts (pure functions).

Each ``build_*`` returns a :class:`TableSpec`: the frame to show (values phrased in
their unit), its headers, number formats and row classes ("met" / "missed" colour the
first cell by the state now).
"""

from __future__ import annotations

import pandas as pd

from copcwb.baseline.readiness_rules import OVERALL
from copcwb.business.plan import class_label
from copcwb.business.progress import ActionProgress
from copcwb.followup import AccuracyChange, DriverChange, ReadinessChange, ScorecardChange
from copcwb.followup.runs import RunRecord
from copcwb.i18n import language_of
from copcwb.i18n.formats import is_missing, period_label
from copcwb.views._shared import TableSpec, Translate, share
from copcwb.views.baseline.formats import trend_text, value_in_unit
from copcwb.views.baseline.text import error_type_label, program_name
from copcwb.views.follow_up.text import change_label, ready_label

#: the class of a total row, which stays last when the table is sorted
PINNED = "copcwb-pinned"


def _headers(columns: list[str], t: Translate) -> dict[str, str]:
    return {c: t(f"follow_up.col.{c}") for c in columns}


def _state_class(flag: object) -> str:
    if flag is None or is_missing(flag):
        return ""
    return "met" if bool(flag) else "missed"


def _trend(trend: object, t: Translate) -> str:
    return "–" if trend is None or is_missing(trend) else trend_text(str(trend), t)


def build_runs_table(runs: dict[str, RunRecord], t: Translate) -> TableSpec:
    """The two runs: role, run id, period, finished, the start of the manifest's hash."""
    lang = language_of(t)
    rows = [
        {
            "role": t(f"follow_up.cover.{role}"),
            "run_id": run.run_id,
            "period": period_label(run.period.get("start"), run.period.get("end"), lang),
            "finished_at": run.finished_at or "–",
            "manifest": run.manifest_sha256[:12],
        }
        for role, run in runs.items()
    ]
    columns = ["role", "run_id", "period", "finished_at", "manifest"]
    return TableSpec(pd.DataFrame(rows, columns=columns), _headers(columns, t))


def build_scorecard_table(change: ScorecardChange, program: str, t: Translate) -> TableSpec:
    """One program's metrics: metric, value then and now (in the metric's unit),
    target now, trend then and now, change; rows coloured by met / missed now."""
    rows = change.table[change.table["program"] == program]
    records = [
        {
            "metric": r.label or r.metric,
            "value_then": value_in_unit(r.value_then, r.unit, t),
            "value_now": value_in_unit(r.value_now, r.unit, t),
            "target": value_in_unit(r.target_now, r.unit, t),
            "trend_then": _trend(r.trend_then, t),
            "trend_now": _trend(r.trend_now, t),
            "change": change_label(r.change, t),
        }
        for r in rows.itertuples(index=False)
    ]
    columns = ["metric", "value_then", "value_now", "target", "trend_then", "trend_now", "change"]
    return TableSpec(
        pd.DataFrame(records, columns=columns),
        _headers(columns, t),
        row_classes=[_state_class(m) for m in rows["meets_now"]],
        sort_keys={"value_then": list(rows["value_then"]), "value_now": list(rows["value_now"])},
    )


def build_readiness_table(change: ReadinessChange, t: Translate) -> TableSpec:
    """Each program (the overall row last, pinned): ready then and now, share of
    counted metrics meeting target then and now, change."""
    table = change.table
    records = [
        {
            "program": program_name(r.program, t),
            "ready_then": ready_label(r.ready_then, t),
            "ready_now": ready_label(r.ready_now, t),
            "share_meeting_then": share(r.share_meeting_then),
            "share_meeting_now": share(r.share_meeting_now),
            "change": change_label(r.change, t),
        }
        for r in table.itertuples(index=False)
    ]
    columns = list(records[0]) if records else []
    classes = [
        " ".join(
            x for x in (_state_class(r.ready_now), PINNED if r.program == OVERALL else "") if x
        )
        for r in table.itertuples(index=False)
    ]
    return TableSpec(
        pd.DataFrame(records, columns=columns),
        _headers(columns, t),
        row_classes=classes,
        sort_keys={
            "share_meeting_then": list(table["share_meeting_then"]),
            "share_meeting_now": list(table["share_meeting_now"]),
        },
    )


def _accuracy_cell(accuracy: object, n: object, t: Translate) -> str:
    if accuracy is None or is_missing(accuracy):
        return "–"
    return t("follow_up.accuracy.cell", accuracy=share(accuracy), n=f"{int(n):,}")


def _points(difference: object, t: Translate) -> str:
    if difference is None or is_missing(difference):
        return "–"
    return t("follow_up.points", value=f"{100 * float(difference):+.1f}")


def build_accuracy_table(change: AccuracyChange, t: Translate) -> TableSpec:
    """Each program x error type: accuracy (n) then and now, change in percentage
    points, p-value of the two-proportion test, change; rows coloured by the verdict
    ("improved" met, "worsened" missed)."""
    table = change.table
    records = [
        {
            "program": program_name(r.program, t),
            "error_type": error_type_label(r.error_type, t),
            "accuracy_then": _accuracy_cell(r.accuracy_then, r.n_then, t),
            "accuracy_now": _accuracy_cell(r.accuracy_now, r.n_now, t),
            "difference": _points(r.difference, t),
            "p_val": r.p_val,
            "change": change_label(r.change, t),
        }
        for r in table.itertuples(index=False)
    ]
    columns = ["program", "error_type", "accuracy_then", "accuracy_now", "difference", "p_val"]
    columns.append("change")
    verdicts = {"improved": "met", "worsened": "missed"}
    return TableSpec(
        pd.DataFrame(records, columns=columns),
        _headers(columns, t),
        formats={"p_val": ".3f"},
        row_classes=[verdicts.get(c, "") for c in table["change"]],
        sort_keys={
            "accuracy_then": list(table["accuracy_then"]),
            "accuracy_now": list(table["accuracy_now"]),
            "difference": list(table["difference"]),
        },
    )


def build_driver_table(change: DriverChange, t: Translate) -> TableSpec:
    """Each driver: rank and share then and now, places moved up."""
    table = change.table
    frame = pd.DataFrame(
        {
            "driver": table["driver"].astype(str),
            "rank_then": table["rank_then"].astype("object").where(table["rank_then"].notna()),
            "share_then": [share(v) for v in table["share_then"]],
            "rank_now": table["rank_now"].astype("object").where(table["rank_now"].notna()),
            "share_now": [share(v) for v in table["share_now"]],
            "rank_change": [
                "–" if is_missing(v) else f"{int(v):+d}" if v else "0" for v in table["rank_change"]
            ],
        }
    )
    columns = list(frame.columns)
    return TableSpec(
        frame,
        _headers(columns, t),
        sort_keys={
            "share_then": list(table["share_then"]),
            "share_now": list(table["share_now"]),
            "rank_change": list(table["rank_change"]),
        },
    )


def build_actions_table(progress: ActionProgress, t: Translate) -> TableSpec:
    """The classes of action with at least one action: found, done, in progress, open,
    share done; the whole plan last (pinned)."""
    lang = language_of(t)
    summary = progress.summary()
    summary = summary[summary["n_found"] > 0]
    frame = pd.DataFrame(
        {
            "action_class": [
                t("follow_up.actions.all") if c == OVERALL else class_label(c, lang)
                for c in summary["action_class"]
            ],
            "n_found": summary["n_found"].astype(int),
            "n_done": summary["n_done"].astype(int),
            "n_in_progress": summary["n_in_progress"].astype(int),
            "n_open": summary["n_open"].astype(int),
            "share_done": [share(v) for v in summary["share_done"]],
        }
    )
    columns = list(frame.columns)
    return TableSpec(
        frame.reset_index(drop=True),
        _headers(columns, t),
        formats={c: "," for c in ("n_found", "n_done", "n_in_progress", "n_open")},
        row_classes=[PINNED if c == OVERALL else "" for c in summary["action_class"]],
        sort_keys={"share_done": list(summary["share_done"])},
    )
