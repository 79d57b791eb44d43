"""Sentences of the follow-up report, built from the comparison's parts (pure
functions of the parts and a catalog function ``t``)."""

from __future__ import annotations

import pandas as pd

from copcwb.baseline.readiness_rules import OVERALL
from copcwb.business.progress import ActionProgress
from copcwb.followup import AccuracyChange, DriverChange, ReadinessChange, ScorecardChange
from copcwb.followup import accuracy as acc
from copcwb.followup import scorecard as card
from copcwb.followup.parts import Part
from copcwb.i18n import language_of
from copcwb.i18n.formats import list_separator
from copcwb.views._shared import Translate, share


def change_label(change: str, t: Translate) -> str:
    """The words of a change ("newly met")."""
    return t(f"follow_up.change.{change.replace(' ', '_')}")


def ready_label(flag: object, t: Translate) -> str:
    """ "ready" / "not ready" ("–" when the run lacks the program)."""
    if flag is None or flag is pd.NA:
        return "–"
    return t("follow_up.ready.yes") if bool(flag) else t("follow_up.ready.no")


def missing_sentence(part: Part, what: str, t: Translate) -> str | None:
    """Why ``part`` is not available ("the baseline run recorded no scorecard"), None
    when it is; ``what`` names the figures (catalog ``follow_up.what.<what>``)."""
    if part.available:
        return None
    which = "both" if len(part.missing) == 2 else part.missing[0]
    return t(f"follow_up.missing.{which}", what=t(f"follow_up.what.{what}"))


def counts_text(changes: pd.Series, order: tuple[str, ...], t: Translate) -> str:
    """How many rows changed how, in ``order``: "3 newly met, 2 newly missed"."""
    counted = changes.value_counts()
    parts = [
        t("follow_up.count", n=int(counted[c]), change=change_label(c, t))
        for c in order
        if c in counted.index
    ]
    return list_separator(language_of(t)).join(parts)


def scorecard_counts(change: ScorecardChange, t: Translate) -> str:
    """ "48 metrics compared: 3 newly met, 2 newly missed, ..."."""
    counts = counts_text(change.table["change"], card.CHANGES, t)
    return t("follow_up.scorecard.counts", n=len(change.table), counts=counts)


def _overall(change: ReadinessChange) -> pd.Series | None:
    rows = change.table[change.table["program"] == OVERALL]
    return rows.iloc[0] if len(rows) else None


def readiness_overall(change: ReadinessChange, t: Translate, key: str) -> str | None:
    """The overall verdict then and now in the sentence ``key``, None without one."""
    overall = _overall(change)
    if overall is None:
        return None
    then = ready_label(overall["ready_then"], t)
    now = ready_label(overall["ready_now"], t)
    return t(key, then=then, now=now)


def accuracy_counts(change: AccuracyChange, t: Translate, key: str) -> str:
    """The numbers of accuracies improved, worsened and within sampling error."""
    counted = change.table["change"].value_counts()
    return t(
        key,
        improved=int(counted.get(acc.IMPROVED, 0)),
        worsened=int(counted.get(acc.WORSENED, 0)),
        within=int(counted.get(acc.WITHIN, 0)),
    )


def top_drivers(change: DriverChange, t: Translate, key: str) -> str | None:
    """The strongest driver then and now in the sentence ``key`` (``key_same`` when it
    is the same driver), None without both."""
    table = change.table
    first_then = table.loc[table["rank_then"] == 1, "driver"]
    first_now = table.loc[table["rank_now"] == 1, "driver"]
    if first_then.empty or first_now.empty:
        return None
    then, now = str(first_then.iloc[0]), str(first_now.iloc[0])
    return t(f"{key}_same", now=now) if then == now else t(key, then=then, now=now)


def actions_overall(progress: ActionProgress, t: Translate, key: str) -> str:
    """The plan's counts in the sentence ``key``."""
    return t(
        key,
        n_found=progress.n_found,
        n_done=progress.n_done,
        n_in_progress=progress.n_in_progress,
        n_open=progress.n_open,
        share_done=share(progress.share_done),
    )


def scorecard_summary(change: ScorecardChange, t: Translate) -> str:
    """The summary's sentence on the scorecard."""
    table = change.table
    both = table[~table["change"].isin([card.NEW_METRIC, card.DROPPED, card.NOT_JUDGED])]
    counted = table["change"].value_counts()
    return t(
        "follow_up.summary.scorecard",
        newly_met=int(counted.get(card.NEWLY_MET, 0)),
        newly_missed=int(counted.get(card.NEWLY_MISSED, 0)),
        met_now=int((both["meets_now"] == True).sum()),  # noqa: E712 (None is neither)
        met_then=int((both["meets_then"] == True).sum()),  # noqa: E712
        n=len(both),
    )


def summary_lines(
    scorecard: ScorecardChange,
    readiness: ReadinessChange,
    accuracy: AccuracyChange,
    drivers: DriverChange,
    progress: ActionProgress | None,
    t: Translate,
) -> list[str]:
    """The bullet points of the summary, one per part (a part that is not available
    says so)."""

    def unavailable(section: str) -> str:
        return t("follow_up.summary.not_available", what=t(f"follow_up.section.{section}"))

    lines = [scorecard_summary(scorecard, t) if scorecard.available else unavailable("scorecard")]
    overall = readiness_overall(readiness, t, "follow_up.summary.readiness")
    lines.append(overall if readiness.available and overall else unavailable("readiness"))
    lines.append(
        accuracy_counts(accuracy, t, "follow_up.summary.accuracy")
        if accuracy.available
        else unavailable("accuracy")
    )
    top = top_drivers(drivers, t, "follow_up.summary.drivers") if drivers.available else None
    lines.append(top or unavailable("drivers"))
    lines.append(
        actions_overall(progress, t, "follow_up.summary.actions")
        if progress is not None
        else t("follow_up.actions.none")
    )
    return lines
