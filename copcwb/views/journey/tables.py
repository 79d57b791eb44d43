"""Tables of the journey report, built from the results (pure functions). Each returns a
:class:`TableSpec`: the frame to show, its headers, formats and row classes."""

from __future__ import annotations

import pandas as pd

from copcwb.journey import checkpoint_of
from copcwb.journey.checkpoints import COMPUTED
from copcwb.journey.matrix import JourneyMatrix
from copcwb.views._shared import TableSpec
from copcwb.views.drivers.formats import points
from copcwb.views.journey.formats import Context, interval, missing, p_value, rate_ci, ratio
from copcwb.views.many import WIDE_COLUMNS


def _headers(columns, c: Context) -> dict[str, str]:
    return {col: c.t(f"journey.col.{col}") for col in columns}


def build_matrix_table(grid: JourneyMatrix, c: Context) -> TableSpec:
    """Every cell that holds a checkpoint: touchpoint, dimension, its checkpoints (labels),
    the worst one judged from data and its failure rate."""
    cells = grid.cells[grid.cells["n_checkpoints"] > 0]
    frame = pd.DataFrame(
        {
            "touchpoint": [c.touchpoint(x) for x in cells["touchpoint"]],
            "dimension": [c.dimension(x) for x in cells["dimension"]],
            "checkpoints": [c.checkpoint_list(ids) for ids in cells["checkpoints"]],
            "worst": [c.checkpoint(x) if x else "–" for x in cells["worst"]],
            "worst_rate": cells["worst_rate"].astype(float),
        }
    )
    return TableSpec(frame, _headers(frame.columns, c), {"worst_rate": ".1%"})


def build_pooled_table(pooled: pd.DataFrame, c: Context) -> TableSpec:
    """Each checkpoint judged from data, all contacts: touchpoint, dimension, contacts
    judged, failed, rate with interval, open."""
    judged = pooled[pooled["status"] == COMPUTED]
    frame = pd.DataFrame(
        {
            "checkpoint": [c.checkpoint(x) for x in judged["checkpoint"]],
            "touchpoint": [c.touchpoint(x) for x in judged["touchpoint"]],
            "dimension": [c.dimension(x) for x in judged["dimension"]],
            "n_applicable": judged["n_applicable"].astype("int64"),
            "n_failed": judged["n_failed"].astype("int64"),
            "failure_rate": [
                rate_ci(r.failure_rate, r.ci_low, r.ci_high, c.t) for r in judged.itertuples()
            ],
            "n_open": judged["n_open"].astype("int64"),
        }
    )
    formats = {"n_applicable": ",", "n_failed": ",", "n_open": ","}
    keys = {"failure_rate": list(judged["failure_rate"])}
    return TableSpec(frame, _headers(frame.columns, c), formats, sort_keys=keys)


def build_program_table(rates: pd.DataFrame, by: str, c: Context) -> TableSpec:
    """The failure rate of each checkpoint judged from data per group of ``by``: groups as
    columns when they are few, else one row per checkpoint and group."""
    judged = rates[rates["status"] == COMPUTED]
    groups = list(dict.fromkeys(judged[by].astype(str)))
    if len(groups) <= WIDE_COLUMNS:
        wide = judged.pivot(index="checkpoint", columns=by, values="failure_rate")
        order = list(dict.fromkeys(judged["checkpoint"]))
        wide = wide.loc[order, groups]
        frame = wide.reset_index()
        frame["checkpoint"] = [c.checkpoint(x) for x in frame["checkpoint"]]
        headers = {"checkpoint": c.t("journey.col.checkpoint")} | {g: g for g in groups}
        return TableSpec(frame, headers, dict.fromkeys(groups, ".1%"))
    frame = pd.DataFrame(
        {
            "checkpoint": [c.checkpoint(x) for x in judged["checkpoint"]],
            by: judged[by].astype(str),
            "n_applicable": judged["n_applicable"].astype("int64"),
            "failure_rate": [
                rate_ci(r.failure_rate, r.ci_low, r.ci_high, c.t) for r in judged.itertuples()
            ],
        }
    )
    headers = _headers(["checkpoint", "n_applicable", "failure_rate"], c) | {by: by}
    keys = {"failure_rate": list(judged["failure_rate"])}
    return TableSpec(frame, headers, {"n_applicable": ","}, sort_keys=keys)


def build_effects_table(critical, c: Context) -> TableSpec:
    """Per checkpoint in the model: surveyed contacts that failed it, the odds ratio of a
    higher rating when it failed with its interval, p, verdict; proven rows marked."""
    table = critical.summary()
    frame = pd.DataFrame(
        {
            "checkpoint": [c.checkpoint(checkpoint_of(f)) for f in table["flag"]],
            "n_with_failure": table["n_with_error"].astype("int64"),
            "odds_ratio": [ratio(x) for x in table["odds_ratio"]],
            "interval": [
                interval(lo, hi, ratio, c.t)
                for lo, hi in zip(table["ci_low"], table["ci_high"], strict=True)
            ],
            "p_val": [p_value(x) for x in table["p_val"]],
            "verdict": [c.t(f"journey.verdict.{v}") for v in table["verdict"]],
        }
    )
    classes = ["missed" if p else "" for p in table["proven_customer_critical"]]
    keys = {"odds_ratio": list(table["odds_ratio"]), "p_val": list(table["p_val"])}
    return TableSpec(
        frame, _headers(frame.columns, c), {"n_with_failure": ","}, classes, sort_keys=keys
    )


def build_whatif_table(whatif, c: Context) -> TableSpec:
    """Per checkpoint: the share of surveyed contacts that failed it, and the predicted
    change of the top-box and bottom-box shares (points, interval) if none had."""
    t = whatif.summary().sort_values("top_box_change", ascending=False, kind="stable")
    frame = pd.DataFrame(
        {
            "checkpoint": [c.checkpoint(checkpoint_of(v)) for v in t["variable"]],
            "share_affected": t["share_affected"].astype(float),
            "top_box_change": [
                c.t("journey.points_ci", value=points(r.top_box_change),
                    ci=interval(r.top_box_ci_low, r.top_box_ci_high, points, c.t))
                for r in t.itertuples()
            ],
            "bottom_box_change": [
                c.t("journey.points_ci", value=points(r.bottom_box_change),
                    ci=interval(r.bottom_box_ci_low, r.bottom_box_ci_high, points, c.t))
                for r in t.itertuples()
            ],
        }
    )  # fmt: skip
    keys = {
        "top_box_change": list(t["top_box_change"]),
        "bottom_box_change": list(t["bottom_box_change"]),
    }
    return TableSpec(frame, _headers(frame.columns, c), {"share_affected": ".1%"}, sort_keys=keys)


def build_calibration_table(score, c: Context) -> TableSpec:
    """Per group of predicted risk: contacts, mean predicted chance, observed share with
    its interval."""
    t = score.calibration
    frame = pd.DataFrame(
        {
            "group": t["group"].astype("int64"),
            "n": t["n"].astype("int64"),
            "predicted": t["predicted"].astype(float),
            "observed": [rate_ci(r.observed, r.ci_low, r.ci_high, c.t) for r in t.itertuples()],
        }
    )
    return TableSpec(
        frame, _headers(frame.columns, c), {"n": ",", "predicted": ".1%"},
        sort_keys={"observed": list(t["observed"])},
    )  # fmt: skip


def build_at_risk_table(score, c: Context) -> TableSpec:
    """Per program (all contacts first): contacts, scored, mean risk, at risk and share."""
    t = score.at_risk
    frame = pd.DataFrame(
        {
            "program": [p or c.t("journey.all_programs") for p in t["program"]],
            "n_contacts": t["n_contacts"].astype("int64"),
            "n_scored": t["n_scored"].astype("int64"),
            "mean_risk": t["mean_risk"].astype(float),
            "n_at_risk": t["n_at_risk"].astype("int64"),
            "share_at_risk": t["share_at_risk"].astype(float),
        }
    )
    formats = {"n_contacts": ",", "n_scored": ",", "n_at_risk": ","}
    formats |= {"mean_risk": ".1%", "share_at_risk": ".1%"}
    return TableSpec(frame, _headers(frame.columns, c), formats)


def build_review_table(review, c: Context) -> TableSpec:
    """The review list: rank, pseudonym, program, channel, day, risk, failed checkpoints,
    and the journey facts."""
    t = review.table
    frame = pd.DataFrame(
        {
            "rank": t["rank"].astype("int64"),
            "contact": t["contact"],
            "program": t["program"],
            "channel": t["channel"],
            "day": [str(d) for d in t["day"]],
            "risk": t["risk"].astype(float),
            "failed": [c.checkpoint_list(ids) for ids in t["failed"]],
        }
    )
    formats = {"risk": ".1%"}
    for fact in ("ivr_seconds", "queue_seconds", "transfers"):
        if fact in t:
            frame[fact] = t[fact].astype(float)
            formats[fact] = ",.0f"
    return TableSpec(frame, _headers(frame.columns, c), formats)


def build_human_qa_table(left: pd.DataFrame, c: Context) -> TableSpec:
    """The checkpoints not judged from data: touchpoint, dimension, why, what is missing."""
    frame = pd.DataFrame(
        {
            "checkpoint": [c.checkpoint(x) for x in left["checkpoint"]],
            "touchpoint": [c.touchpoint(x) for x in left["touchpoint"]],
            "dimension": [c.dimension(x) for x in left["dimension"]],
            "status": [c.t(f"journey.status.{x}") for x in left["status"]],
            "missing": [m or "–" for m in left["missing"]],
        }
    )
    return TableSpec(frame, _headers(frame.columns, c))


def build_catalog_table(catalog: pd.DataFrame, c: Context) -> TableSpec:
    """The checkpoint catalog: label, touchpoint, dimension, rule, columns, parameter and
    value (placeholders marked), where the value comes from."""
    frame = pd.DataFrame(
        {
            "checkpoint": catalog["label"],
            "touchpoint": [c.touchpoint(x) for x in catalog["touchpoint"]],
            "dimension": [c.dimension(x) for x in catalog["dimension"]],
            "rule": catalog["rule"],
            "needs": [" ".join(n) or "–" for n in catalog["needs"]],
            "parameter": [
                "–" if missing(v) else f"{p} = {v:g}"
                for p, v in zip(catalog["parameter"], catalog["value"], strict=True)
            ],
            "value_source": [
                "–" if missing(v) else c.t(f"journey.value_source.{s}")
                for v, s in zip(catalog["value"], catalog["value_source"], strict=True)
            ],
        }
    )
    return TableSpec(frame, _headers(frame.columns, c))
