"""Contact resolution (FCR) measured from the contact log.

A contact is **resolved** when the same customer (and, with ``same_reason=True``,
the same reason) does not contact again within ``window`` after its start: a
repeat at start + window exactly still counts as a repeat.

Censoring: a contact whose window runs past the end of the data
(start + window > data_end) cannot be judged; it is **excluded** from the rate
(counted in ``n_censored``), neither resolved nor unresolved. data_end defaults
to the latest start_time in the log.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.engine import LogTable, as_relation
from copcwb.quality._common import as_keys, require_columns
from copcwb.quality.repeats import repeat_counts

RESOLUTION_COLUMNS = ["n_contacts", "n_resolved", "resolution_rate", "n_censored", "n_total"]


def _window(window: str | pd.Timedelta) -> pd.Timedelta:
    try:
        delta = pd.Timedelta(window)
    except (ValueError, TypeError):
        raise ValueError(
            f"window must be a duration such as '48h' or '7D', got {window!r}"
        ) from None
    if pd.isna(delta) or delta <= pd.Timedelta(0):
        raise ValueError(
            f"window must be a positive duration such as '48h' or '7D', got {window!r}"
        )
    return delta


def flag_repeats(
    contacts: pd.DataFrame,
    window: str | pd.Timedelta = "7D",
    *,
    same_reason: bool = False,
    match_within: Iterable[str] = ("program",),
    data_end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """The contacts with three flags: ``repeat`` (the customer came back within the
    window), ``censored`` (the window runs past data_end) and ``resolved``
    (= not repeat and not censored). Rows keep their original index."""
    delta = _window(window)
    match = [*as_keys(match_within), "customer_id"] + (["reason"] if same_reason else [])
    require_columns(contacts, [*match, "start_time"], "contacts", "read_contacts")
    if contacts["customer_id"].isna().any():
        raise ValueError(
            f"{int(contacts['customer_id'].isna().sum())} contacts have no customer_id and "
            "cannot be matched to a repeat; drop them or fill in the customer"
        )
    start = pd.to_datetime(contacts["start_time"])
    if start.isna().any():
        raise ValueError("contacts have a missing start_time; drop those rows or fill them in")
    end = start.max() if data_end is None else pd.Timestamp(data_end)
    data = contacts.assign(start_time=start, _row=np.arange(len(contacts)))
    ordered = data.sort_values([*match, "start_time", "_row"], kind="stable")
    next_start = ordered.groupby(match, sort=False, dropna=False)["start_time"].shift(-1)
    repeat = ((next_start - ordered["start_time"]) <= delta).fillna(False).astype(bool)
    censored = (ordered["start_time"] + delta) > end
    flags = pd.DataFrame(
        {"repeat": repeat.to_numpy(), "censored": censored.to_numpy()}, index=ordered.index
    ).reindex(contacts.index)
    out = contacts.copy()
    out["repeat"] = flags["repeat"].astype(bool)
    out["censored"] = flags["censored"].astype(bool)
    out["resolved"] = ~out["repeat"] & ~out["censored"]
    return out


def contact_resolution(
    contacts: pd.DataFrame | LogTable,
    window: str | pd.Timedelta = "7D",
    by: Iterable[str] | str = ("program",),
    *,
    same_reason: bool = False,
    by_month: bool = False,
    match_within: Iterable[str] = ("program",),
    data_end: str | pd.Timestamp | None = None,
) -> pd.DataFrame:
    """Share of contacts resolved (no repeat by the same customer within ``window``).

    contacts: contact_id, customer_id, program, channel, start_time, [reason]: a frame or
    a ``LogTable`` (counted in the engine, never loaded). window: a pandas Timedelta
    string ("48h", "7D"). by: grouping columns, e.g. ("program", "channel"); by_month:
    also per month of start_time. A repeat may come through any channel; repeats are
    matched within ``match_within`` (default the program: a customer id of one program is
    not the same customer in another) and, with ``same_reason``, within the same reason
    (missing reasons match each other).

    Columns: by..., [month], n_contacts (contacts judged: the denominator, censored
    ones excluded), n_resolved, resolution_rate (= n_resolved / n_contacts, NaN when
    no contact can be judged), n_censored (contacts within ``window`` of data_end,
    excluded), n_total (= n_contacts + n_censored).
    """
    keys = as_keys(by)
    if same_reason and "reason" not in contacts.columns:
        raise ValueError("same_reason=True needs a 'reason' column in the contacts")
    match = _match_keys(contacts, match_within, same_reason)
    require_columns(contacts, [*keys, *match, "start_time"], "contacts", "read_contacts")
    grouping = (*keys, "month") if by_month and "month" not in keys else tuple(keys)
    counts = repeat_counts(
        contacts,
        [_window(window)],
        [grouping],
        match=match,
        data_end=None if data_end is None else pd.Timestamp(data_end),
    )
    return _with_rate(counts[grouping][0], list(grouping))


def _match_keys(contacts, match_within: Iterable[str], same_reason: bool) -> list[str]:
    """The columns a repeat must share with its contact; checks a frame's values."""
    match = [*as_keys(match_within), "customer_id"] + (["reason"] if same_reason else [])
    if isinstance(contacts, pd.DataFrame):
        require_columns(contacts, [*match, "start_time"], "contacts", "read_contacts")
        if contacts["customer_id"].isna().any():
            raise ValueError(
                f"{int(contacts['customer_id'].isna().sum())} contacts have no customer_id "
                "and cannot be matched to a repeat; drop them or fill in the customer"
            )
        if pd.to_datetime(contacts["start_time"]).isna().any():
            raise ValueError("contacts have a missing start_time; drop those rows or fill them in")
    return match


def _with_rate(counts: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Add resolution_rate (NaN when no contact was judged); columns in contract order."""
    out = counts.copy()
    with np.errstate(divide="ignore", invalid="ignore"):
        out["resolution_rate"] = np.where(
            out["n_contacts"] > 0, out["n_resolved"] / out["n_contacts"].replace(0, 1), np.nan
        )
    return out[[*keys, *RESOLUTION_COLUMNS]]


@dataclass(frozen=True, eq=False)
class Resolution:
    """Contact resolution for one repeat window: ``overall`` (one row), ``program``,
    ``channel`` (program x channel) and ``month`` (program x month), each with the
    columns of :func:`contact_resolution`."""

    window: str
    overall: pd.DataFrame
    program: pd.DataFrame
    channel: pd.DataFrame
    month: pd.DataFrame

    @property
    def rate(self) -> float:
        """The overall resolution rate (NaN when no contact could be judged)."""
        return float(self.overall["resolution_rate"].iloc[0])

    @property
    def n_contacts(self) -> int:
        """Contacts judged over all programs."""
        return int(self.overall["n_contacts"].iloc[0])

    @property
    def n_censored(self) -> int:
        """Contacts too close to the end of the data to be judged."""
        return int(self.overall["n_censored"].iloc[0])

    @property
    def pooled_month(self) -> pd.DataFrame:
        """All programs pooled, per month (sums of ``month``): month, n_contacts,
        n_resolved, resolution_rate (NaN in a month with no contact judged)."""
        sums = self.month.groupby("month", sort=True)[["n_contacts", "n_resolved"]].sum()
        judged = sums["n_contacts"].where(sums["n_contacts"] > 0)
        return sums.assign(resolution_rate=sums["n_resolved"] / judged).reset_index()


@dataclass(frozen=True, eq=False)
class ResolutionWindows:
    """Result of :func:`resolution_by_window`.

    windows: one :class:`Resolution` per repeat window, in the order given.
    same_reason: whether a repeat had to share the contact's reason.
    reason_missing: a same-reason match was asked for but the log has no reasons
        (repeats were then matched on the customer only).
    """

    windows: tuple[Resolution, ...]
    same_reason: bool
    reason_missing: bool = False

    @property
    def rates(self) -> dict[str, float]:
        """The overall resolution rate of each window."""
        return {r.window: r.rate for r in self.windows}

    def summary(self) -> pd.DataFrame:
        """Per window and program: window, program, n_contacts, n_resolved,
        resolution_rate, n_censored, n_total."""
        parts = [r.program.assign(window=r.window) for r in self.windows]
        columns = ["window", "program", *RESOLUTION_COLUMNS]
        return (
            pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
        )


def resolution_by_window(
    contacts: pd.DataFrame | LogTable | None,
    windows: Iterable[str] = ("48h", "7D"),
    *,
    same_reason: bool = False,
) -> ResolutionWindows | None:
    """Contact resolution (see :func:`contact_resolution`) for each repeat window:
    overall, per program, per program and channel, per program and month. A
    same-reason match needs reasons: when the log has no reason column, or no reason
    in it, repeats are matched on the customer and ``reason_missing`` says so. None
    when there is no contact log."""
    if contacts is None:
        return None
    has_reasons = "reason" in contacts.columns and _any_reason(contacts)
    reason = bool(same_reason) and has_reasons
    require_columns(contacts, ["program", "channel"], "contacts", "read_contacts")
    groupings = [(), ("program",), ("program", "channel"), ("program", "month")]
    windows = [str(w) for w in windows]
    counts = repeat_counts(
        contacts,
        [_window(w) for w in windows],
        groupings,
        match=_match_keys(contacts, ("program",), reason),
    )
    results = [
        Resolution(
            window=window,
            overall=_with_rate(counts[()][i], []),
            program=_with_rate(counts[("program",)][i], ["program"]),
            channel=_with_rate(counts[("program", "channel")][i], ["program", "channel"]),
            month=_with_rate(counts[("program", "month")][i], ["program", "month"]),
        )
        for i, window in enumerate(windows)
    ]
    return ResolutionWindows(
        windows=tuple(results), same_reason=reason, reason_missing=bool(same_reason) and not reason
    )


def _any_reason(contacts: pd.DataFrame | LogTable) -> bool:
    """Whether the log holds at least one reason."""
    if isinstance(contacts, pd.DataFrame):
        return bool(contacts["reason"].notna().any())
    found = as_relation(contacts, ["reason"]).filter("reason IS NOT NULL").limit(1)
    return bool(len(found.fetchall()))
