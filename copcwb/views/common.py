"""Views shared by every notebook: the data profile."""

from __future__ import annotations

from copcwb import display
from copcwb.i18n.formats import list_separator, when_label
from copcwb.io.checks import PERIOD_COLUMNS
from copcwb.io.streamed import STREAMED_KINDS
from copcwb.profile import profile, profile_log
from copcwb.session import Session

#: the column each input's rows are grouped by in its profile
GROUP_COLUMNS = {
    "kpis": "program",
    "metric_catalog": "category",
    "qa": "program",
    "contacts": "program",
    "survey": "program",
    "wfm": "queue",
    "calibration": "evaluator_id",
    "journeys": "program",
    "journey_checkpoints": "touchpoint",
}


def show_data_profile(session: Session, kinds: list[str], *, level: int = 2) -> None:
    """Profile each input of ``kinds`` the engagement has: rows, period, groups, missing
    (a numbered section at ``level``)."""
    session.section(session.t("section.data_profile"), level=level, ref="data_profile")
    for kind in kinds:
        if not session.has(kind):
            continue
        time_column, group_column = PERIOD_COLUMNS.get(kind), GROUP_COLUMNS[kind]
        if kind in STREAMED_KINDS:
            source, how = session.log(kind), profile_log
        else:
            source, how = session.read(kind), profile
        result = how(source, name=kind, time_column=time_column, group_column=group_column)
        shown = list_separator(session.lang).join(result.groups[:12])
        groups = shown + (" …" if len(result.groups) > 12 else "")
        key = "profile.summary" if result.start else "profile.no_time"
        display.sentences(
            [
                session.t(
                    key,
                    file=session.t(f"input.{kind}"),
                    rows=f"{result.rows:,}",
                    start=when_label(result.start, session.lang),
                    end=when_label(result.end, session.lang),
                    n_groups=len(result.groups),
                    column=session.t(f"profile.group.{group_column}"),
                    groups=groups,
                )
            ]
        )
        missing = result.missing[result.missing["n_missing"] > 0]
        if not missing.empty:
            display.table(
                missing,
                caption=session.t("profile.missing_of", file=session.t(f"input.{kind}")),
                headers={
                    "column": session.t("profile.column"),
                    "n_missing": session.t("profile.n_missing"),
                    "share_missing": session.t("profile.share_missing"),
                },
                formats={"share_missing": ".1%", "n_missing": ","},
            )
