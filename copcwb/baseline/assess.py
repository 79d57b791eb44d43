"""The baseline assessment: level, trend and readiness of every program x metric."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from copcwb.baseline.levels import add_gaps, latest_values
from copcwb.baseline.readiness_rules import DEFAULT_CATEGORIES, blockers_table, readiness_table
from copcwb.baseline.trend import trend_table
from copcwb.catalog import (
    ALL_PROGRAMS,
    BUILT_IN,
    CATEGORIES,
    OVERRIDE_SOURCE,
    PLACEHOLDER_SOURCE,
    SOURCE_KEY,
    load_default_catalog,
    targets_for,
)
from copcwb.errors import AnalysisError

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from copcwb.baseline.facts import ExecutiveFacts
    from copcwb.quality import JudgedAccuracy

SCORECARD_COLUMNS = [
    "program",
    "metric",
    "label",
    "category",
    "unit",
    "direction",
    "month",
    "value",
    "target",
    "target_source",
    "benchmark",
    "gap",
    "gap_pct",
    "meets_target",
    "trend",
    "trend_p_val",
    "trend_s",
    "trend_n",
    "trend_start",
    "trend_slope",
    "trend_method",
    "stale",
]


@dataclass(frozen=True, eq=False)
class BaselineResult:
    """Result of :func:`assess`.

    scorecard: one row per program x metric with data. Columns: program, metric,
        label, category, unit, direction, month (latest month of the series), value,
        target, target_source, benchmark, gap (positive = better than target),
        gap_pct (gap / |target|), meets_target (nullable boolean; NA without a
        target), trend ("improving", "stable", "deteriorating", "insufficient"),
        trend_p_val (NaN when insufficient), trend_s (Mann-Kendall S), trend_n
        (months used), trend_start, trend_slope (Theil-Sen, units per month),
        trend_method ("exact" or "normal"), stale (latest month is before the
        program's latest month).
    readiness: program, scope ("program" / "overall", the overall row is program
        "ALL"), n_metrics, n_meeting, n_meeting_or_improving, n_no_target,
        share_meeting, share_meeting_or_improving, ready.
    blockers: program, metric, label, category, value, target, gap, gap_pct, trend,
        reason, holds_back.
    history: every program x metric x month with target, gap, gap_pct, meets_target.
    targets: the program x metric targets used (catalog plus overrides).
    missing: program, metric, label, category of counted-category metrics in the
        catalog that have no data for the program.
    params: the options used.
    """

    scorecard: pd.DataFrame
    readiness: pd.DataFrame
    blockers: pd.DataFrame
    history: pd.DataFrame
    targets: pd.DataFrame
    missing: pd.DataFrame
    params: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> pd.DataFrame:
        """The scorecard (a copy)."""
        return self.scorecard.copy()

    @property
    def programs(self) -> list[str]:
        """The programs assessed, sorted."""
        return sorted(self.scorecard["program"].unique())

    @property
    def placeholder_targets(self) -> tuple[int, int]:
        """(targets used in the scorecard that are placeholders, targets used)."""
        used = self.scorecard["target"].notna()
        placeholder = used & (self.scorecard["target_source"] == PLACEHOLDER_SOURCE)
        return int(placeholder.sum()), int(used.sum())

    def plot(
        self, ax: Axes | None = None, *, program: str | None = None, max_months: int = 12
    ) -> Axes:
        """Heat map of metric x month target attainment (see ``plot_scorecard``)."""
        from copcwb.baseline.plots import plot_scorecard

        return plot_scorecard(self, ax=ax, program=program, max_months=max_months)

    def spend(self, *, threshold: float = 0.10) -> pd.DataFrame:
        """Where to spend and where not (see :func:`where_to_spend`)."""
        from copcwb.baseline.spend import where_to_spend

        return where_to_spend(self, threshold=threshold)

    def facts(
        self, *, accuracy: JudgedAccuracy | pd.DataFrame | None = None, n_gaps: int = 5
    ) -> ExecutiveFacts:
        """Executive-summary facts (see :func:`executive_facts`)."""
        from copcwb.baseline.facts import executive_facts

        return executive_facts(self, accuracy=accuracy, n_gaps=n_gaps)


def _check_options(
    trend_months: int,
    alpha: float,
    level_share: float,
    level_or_trend_share: float,
    categories: tuple[str, ...],
) -> None:
    if isinstance(trend_months, bool) or not isinstance(trend_months, int) or trend_months < 3:
        raise ValueError(f"trend_months must be an integer of at least 3, got {trend_months!r}")
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must be between 0 and 1, got {alpha!r}")
    for name, value in (
        ("level_share", level_share),
        ("level_or_trend_share", level_or_trend_share),
    ):
        if not 0 <= value <= 1:
            raise ValueError(f"{name} must be a share between 0 and 1, got {value!r}")
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown or not categories:
        raise ValueError(
            f"categories must be a non-empty subset of {list(CATEGORIES)}, got {list(categories)}"
        )


def _prepare_kpis(kpis: pd.DataFrame, catalog_metrics: set[str]) -> pd.DataFrame:
    missing = [c for c in ("program", "metric", "month", "value") if c not in kpis.columns]
    if missing:
        raise ValueError(f"kpis lacks column(s) {missing}; read the file with copcwb.io.read_kpis")
    data = kpis.loc[:, ["program", "metric", "month", "value"]].copy()
    if not isinstance(data["month"].dtype, pd.PeriodDtype):
        try:
            data["month"] = pd.PeriodIndex(data["month"].astype("str"), freq="M")
        except (ValueError, TypeError):
            raise ValueError(
                "kpis month must be monthly periods (YYYY-MM); read the file with "
                "copcwb.io.read_kpis"
            ) from None
    elif data["month"].dtype != pd.PeriodDtype("M"):
        data["month"] = data["month"].dt.asfreq("M")
    data["value"] = pd.to_numeric(data["value"], errors="raise").astype("float64")
    data["program"] = data["program"].astype("str")
    data["metric"] = data["metric"].astype("str")
    data = data[data["value"].notna()]
    if data.empty:
        raise AnalysisError(
            "the KPI table has no values; the baseline needs at least one month of one "
            "metric (check the kpis file and its period)"
        )
    dup = data.duplicated(["program", "metric", "month"], keep=False)
    if dup.any():
        ex = data[dup].iloc[0]
        raise AnalysisError(
            f"the KPI table has {int(dup.sum())} rows that repeat a program/metric/month "
            f"(e.g. {ex['program']} / {ex['metric']} / {ex['month']}); keep one value per "
            "program, metric and month"
        )
    unknown = sorted(set(data["metric"]) - catalog_metrics)
    if unknown:
        raise AnalysisError(
            f"metric(s) {unknown} in the KPI table are not in the metric catalog; add them "
            "to the catalog (with category, direction and target) or rename them to catalog ids"
        )
    return data.reset_index(drop=True)


def _check_overrides(targets: Mapping[str, object] | None, programs: list[str]) -> None:
    absent = sorted(set(targets or {}) - set(programs) - {ALL_PROGRAMS})
    if absent:
        raise ValueError(
            f"target overrides name program(s) {absent} that are not in the KPI table "
            f"(programs present: {programs}); check the spelling in targets:"
        )


def _scorecard(
    history: pd.DataFrame, metric_order: dict[str, int], trends: pd.DataFrame
) -> pd.DataFrame:
    """The latest month of every series with its trend, in category then catalog order."""
    scorecard = latest_values(history).merge(trends, on=["program", "metric"], how="left")
    scorecard["_cat"] = scorecard["category"].map({c: i for i, c in enumerate(CATEGORIES)})
    scorecard["_ord"] = scorecard["metric"].map(metric_order)
    scorecard = scorecard.sort_values(["program", "_cat", "_ord"])[SCORECARD_COLUMNS]
    return scorecard.astype({"trend": "str"}).reset_index(drop=True)


def _missing(
    table: pd.DataFrame, scorecard: pd.DataFrame, categories: tuple[str, ...]
) -> pd.DataFrame:
    """Counted-category metrics of the catalog without data for the program."""
    have = pd.MultiIndex.from_frame(scorecard[["program", "metric"]])
    counted = table[table["category"].isin(categories)]
    keys = pd.MultiIndex.from_frame(counted[["program", "metric"]])
    missing = counted.loc[~keys.isin(have), ["program", "metric", "label", "category"]]
    return missing.reset_index(drop=True)


def assess(
    kpis: pd.DataFrame,
    catalog: pd.DataFrame | None = None,
    *,
    trend_months: int = 6,
    alpha: float = 0.05,
    level_share: float = 0.65,
    level_or_trend_share: float = 0.75,
    targets: Mapping[str, Mapping[str, float]] | None = None,
    categories: Iterable[str] = DEFAULT_CATEGORIES,
    trend_method: str = "auto",
) -> BaselineResult:
    """Baseline assessment of every program x metric: level, trend and readiness.

    kpis: program, metric, month (Period[M]), value. catalog: the metric catalog
    (default: the built-in catalog, whose targets are placeholders). targets:
    per-program overrides ``{program: {metric: target}}`` (``"*"`` = all programs),
    which win over the catalog. categories: the categories counted for readiness.

    Level: the latest month of each series against its target (positive gap = better
    than target; no target -> meets_target NA, excluded from the readiness shares).
    Trend: Mann-Kendall on the last ``trend_months`` months of the run of consecutive
    months ending at the latest month (exact null distribution for n < 10); improving
    or deteriorating when p < alpha, else stable; fewer months -> insufficient.
    Readiness: see :mod:`copcwb.baseline.readiness_rules`.

    Returns a :class:`BaselineResult` (scorecard, readiness, blockers, ...).
    Raises ValueError for bad options, AnalysisError when the KPI table cannot be
    assessed (no values, repeated rows, metrics missing from the catalog).
    """
    categories = tuple(categories)
    _check_options(trend_months, alpha, level_share, level_or_trend_share, categories)
    source = BUILT_IN if catalog is None else catalog.attrs.get(SOURCE_KEY, OVERRIDE_SOURCE)
    if catalog is None:
        catalog = load_default_catalog()
    cat_metrics = set(catalog["metric"].astype("str")) if "metric" in catalog.columns else set()
    data = _prepare_kpis(kpis, cat_metrics)
    programs = sorted(data["program"].unique())
    _check_overrides(targets, programs)
    table = targets_for(catalog, targets, programs=programs)
    order = {m: i for i, m in enumerate(table["metric"].drop_duplicates())}

    history = add_gaps(data.merge(table, on=["program", "metric"], how="left"))
    history = history.sort_values(["program", "metric", "month"]).reset_index(drop=True)
    trends = trend_table(history, trend_months=trend_months, alpha=alpha, method=trend_method)
    scorecard = _scorecard(history, order, trends)
    shares = {"level_share": level_share, "level_or_trend_share": level_or_trend_share}
    params = {
        "trend_months": trend_months,
        "alpha": alpha,
        **shares,
        "categories": list(categories),
        "trend_method": trend_method,
        "targets": {p: dict(m) for p, m in (targets or {}).items()},
        "catalog_source": source,
    }
    return BaselineResult(
        scorecard=scorecard,
        readiness=readiness_table(scorecard, categories=categories, **shares),
        blockers=blockers_table(scorecard, categories=categories),
        history=history,
        targets=table,
        missing=_missing(table, scorecard, categories),
        params=params,
    )
