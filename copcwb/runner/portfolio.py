"""The batch index: one row per engagement, key figures side by side, a portfolio chart.

Key figures come from each run's results.json under these names:
``readiness`` ({program: {ready, share_meeting, ...}}; program "ALL" overall),
``critical_error_accuracy`` ({program: {error_type: {accuracy, n, ...}}}, process
monitoring only),
``top_driver`` ({driver, share}), ``wape_by_level`` ({interval, day, week, month}) and
``share_at_risk`` (journey quality; a skipped journey notebook shows why it was skipped).
A figure a run lacks is shown as a dash.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from copcwb.runner.batch import BatchState


EMPTY: dict[str, Any] = {
    "programs_ready": None,
    "share_meeting": None,
    "customer_accuracy": None,
    "top_driver": None,
    "wape_interval": None,
    "wape_day": None,
    "journey_at_risk": None,
    "journey_skipped": None,
}


def _figures(results: dict, notebook: str) -> dict:
    return results.get("notebooks", {}).get(notebook, {}).get("figures", {}) or {}


def _pooled_customer_accuracy(accuracy: dict | None) -> float | None:
    """Process customer-critical accuracy over every program, weighted by transactions:
    sum(accuracy_p * n_p) / sum(n_p), from {program: {error_type: {accuracy, n}}}."""
    rows = [
        types["customer"]
        for types in (accuracy or {}).values()
        if isinstance(types, dict) and isinstance(types.get("customer"), dict)
    ]
    n = sum(r.get("n") or 0 for r in rows)
    if not n:
        return None
    return sum((r.get("accuracy") or 0) * (r.get("n") or 0) for r in rows) / n


def key_figures(results: dict) -> dict[str, Any]:
    """The portfolio figures of one run's results.json (missing ones are None).

    Keys: programs_ready ("2 of 3"), share_meeting (overall), customer_accuracy
    (process customer-critical accuracy, all programs pooled by n), top_driver,
    wape_interval, wape_day, journey_at_risk (share of contacts at risk of a bottom-box
    rating), journey_skipped (why the journey notebook was skipped, None when it ran).
    """
    baseline = _figures(results, "baseline_assessment")
    drivers = _figures(results, "csat_drivers")
    forecast = _figures(results, "forecast_accuracy")
    out: dict[str, Any] = dict(EMPTY)
    readiness = baseline.get("readiness") or {}
    programs = [r for name, r in readiness.items() if name != "ALL" and isinstance(r, dict)]
    if programs:
        ready = sum(bool(r.get("ready")) for r in programs)
        out["programs_ready"] = f"{ready} of {len(programs)}"
    overall = readiness.get("ALL")
    if isinstance(overall, dict):
        out["share_meeting"] = overall.get("share_meeting")
    out["customer_accuracy"] = _pooled_customer_accuracy(baseline.get("critical_error_accuracy"))
    top = drivers.get("top_driver")
    if isinstance(top, dict):
        out["top_driver"] = top.get("driver")
    elif isinstance(top, str):
        out["top_driver"] = top
    wape = forecast.get("wape_by_level") or {}
    out["wape_interval"], out["wape_day"] = wape.get("interval"), wape.get("day")
    journey = results.get("notebooks", {}).get("journey_quality", {})
    out["journey_at_risk"] = _figures(results, "journey_quality").get("share_at_risk")
    if journey.get("status") == "skipped":
        out["journey_skipped"] = journey.get("reason") or "skipped"
    return out


def _portfolio_chart(state: BatchState) -> str | None:
    """Inline PNG: share of metrics meeting target and interval WAPE per engagement."""
    rows = [
        (
            o.engagement or Path(o.spec).parent.name,
            o.figures.get("share_meeting"),
            o.figures.get("wape_interval"),
        )
        for o in state.outcomes
        if o.figures
    ]
    rows = [r for r in rows if r[1] is not None or r[2] is not None]
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from copcwb.display import figure_html

    names = [r[0] for r in rows]
    fig, axes = plt.subplots(1, 2, figsize=(10, 0.4 * len(rows) + 1.5), sharey=True)
    axes[0].barh(names, [r[1] or 0 for r in rows], color="#1d4e89")
    axes[0].set_xlim(0, 1)
    axes[0].set_xlabel("Share of metrics meeting target")
    axes[1].barh(names, [r[2] or 0 for r in rows], color="#c05621")
    axes[1].set_xlabel("Forecast error, interval WAPE")
    axes[0].invert_yaxis()
    fig.suptitle("Portfolio: target attainment and forecast error by engagement")
    html = figure_html(
        fig,
        alt="Bar charts of the share of metrics meeting target and the "
        "interval WAPE of each engagement",
    )
    plt.close(fig)
    return html


def write_batch_index(state: BatchState) -> str:
    """HTML of the batch index page (every data string escaped by the template)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape
    from markupsafe import Markup

    from copcwb.paths import templates_dir

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    rows = []
    for o in state.outcomes:
        link = None
        if o.run_dir:
            link = Path(o.run_dir).joinpath("index.html")
            try:
                link = Path("../..") / link.relative_to(state.batch_dir.parent.parent)
            except ValueError:
                link = link.as_uri()
        rows.append(
            {
                "name": o.engagement or Path(o.spec).parent.name,
                "client": o.client or "",
                "status": o.status,
                "seconds": o.seconds,
                "reason": o.reason or "",
                "link": str(link) if link else None,
                "figures": {**EMPTY, **o.figures},
            }
        )
    chart = _portfolio_chart(state)
    return env.get_template("batch_index.html.j2").render(
        batch_id=state.batch_id,
        rows=rows,
        counts=state.counts(),
        chart=Markup(chart) if chart else None,
    )
