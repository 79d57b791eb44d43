"""The words and tables of the maturity stage (pure functions of a MaturityResult): the
table of stages, the evidence missing for the next stage, the executive-summary
sentence, the methods line and the figures recorded in results.json."""

from __future__ import annotations

from collections import Counter

import pandas as pd

from copcwb.baseline import OVERALL, MaturityResult
from copcwb.baseline.stages import BELOW_TARGET, NO_TARGET, NOT_MEASURED
from copcwb.i18n import language_of
from copcwb.i18n.formats import MISSING, clause_separator, list_separator
from copcwb.terms import STAGES
from copcwb.views._shared import TableSpec
from copcwb.views.baseline.formats import Translate, join, share, value_in_unit
from copcwb.views.baseline.tables import PINNED
from copcwb.views.baseline.text import program_name
from copcwb.views.many import LIST_ALL, lists_all, ranked

_STATUS_KEYS = {NOT_MEASURED: "not_measured", NO_TARGET: "no_target", BELOW_TARGET: "below_target"}


def stage_label(stage: object, t: Translate) -> str:
    """A stage as the report names it; "no stage yet" when none was reached."""
    return t(f"maturity.stage.{stage}") if stage in STAGES else t("maturity.stage.none")


def stage_labels(t: Translate) -> dict[str, str]:
    """Every stage by its name in the report."""
    return {s: stage_label(s, t) for s in STAGES}


def threshold_text(result: MaturityResult) -> str:
    """The threshold as a percentage: 0.5 -> "50%"."""
    return share(result.threshold, 0)


def build_stage_table(result: MaturityResult, t: Translate) -> TableSpec:
    """One row per program, then all programs pooled: the stage reached, the next stage
    and, for each stage, its share of metrics managed with managed / expected and how
    many are measured. Rows coloured met (a stage reached) or missed (none)."""
    table = result.table
    frame = pd.DataFrame(
        {
            "program": [program_name(p, t) for p in table["program"]],
            "stage": [stage_label(s, t) for s in table["stage"]],
            "next_stage": [
                stage_label(s, t) if s in STAGES else MISSING for s in table["next_stage"]
            ],
        }
    )
    for s in STAGES:
        frame[s] = [
            t(
                "maturity.cell",
                share=share(r[f"share_managed_{s}"], 0),
                managed=r[f"n_managed_{s}"],
                expected=r[f"n_expected_{s}"],
                measured=r[f"n_measured_{s}"],
            )
            for _, r in table.iterrows()
        ]
    headers = {c: t(f"maturity.col.{c}") for c in ("program", "stage", "next_stage")}
    headers |= {s: stage_label(s, t) for s in STAGES}
    classes = [
        ("met" if s in STAGES else "missed") + (f" {PINNED}" if p == OVERALL else "")
        for s, p in zip(table["stage"], table["program"], strict=True)
    ]
    keys = {s: list(table[f"share_managed_{s}"]) for s in STAGES}
    return TableSpec(frame, headers, {}, classes, keys)


def _items(rows: pd.DataFrame, units: dict[tuple[str, str], object], t: Translate) -> str:
    """The missing evidence of one stage, by status: "not measured: A, B; below ..."."""
    lang = language_of(t)
    clauses = []
    for status, key in _STATUS_KEYS.items():
        part = rows[rows["status"] == status]
        if part.empty:
            continue
        labels = []
        for r in part.itertuples(index=False):
            if status != BELOW_TARGET:
                labels.append(str(r.label))
                continue
            unit = units.get((r.program, r.metric))
            value, target = value_in_unit(r.value, unit, t), value_in_unit(r.target, unit, t)
            labels.append(t("maturity.evidence.value", label=r.label, value=value, target=target))
        items = list_separator(lang).join(labels)
        clauses.append(t(f"maturity.evidence.{key}", labels=items))
    return clause_separator(lang).join(clauses)


def _program_lines(result: MaturityResult, program: str, t: Translate) -> list[str]:
    row = result.table.set_index("program").loc[program]
    units = result.metrics.set_index(["program", "metric"])["unit"].to_dict()
    own = result.evidence[result.evidence["program"] == program]
    lines = []
    nxt = row["next_stage"]
    if nxt not in STAGES:
        lines.append(t("maturity.evidence.top", program=program))
    elif row[f"n_expected_{nxt}"] == 0:
        lines.append(t("maturity.evidence.no_metrics", program=program, stage=stage_label(nxt, t)))
    else:
        items = _items(own[own["stage"] == nxt], units, t)
        lines.append(
            t("maturity.evidence.line", program=program, stage=stage_label(nxt, t), items=items)
        )
    for below in result.below(program):
        items = _items(own[own["stage"] == below], units, t)
        lines.append(
            t(
                "maturity.evidence.below",
                program=program,
                stage=stage_label(below, t),
                share=share(row[f"share_managed_{below}"], 0),
                items=items,
            )
        )
    return lines


def _next_shares(result: MaturityResult, top: float) -> pd.DataFrame:
    """program, rank (of the stage reached, -1 for none), next (share of the next
    stage's metrics managed; ``top`` at the top of the ladder, 0 for a NaN share)."""
    table = result.table[result.table["program"] != OVERALL]
    nxt = [
        r[f"share_managed_{r['next_stage']}"] if r["next_stage"] in STAGES else top
        for _, r in table.iterrows()
    ]
    rank = [STAGES.index(s) if s in STAGES else -1 for s in table["stage"]]
    frame = pd.DataFrame({"program": list(table["program"]), "rank": rank, "next": nxt})
    return frame.astype({"next": "float64"}).fillna({"next": 0.0})


def nearest_programs(result: MaturityResult, n: int = LIST_ALL) -> list[str]:
    """The ``n`` programs nearest their next stage: highest share of the next stage's
    metrics managed first, then by name (programs at the top of the ladder last)."""
    return list(ranked(_next_shares(result, top=-1.0), ["next"])["program"])[:n]


def build_evidence_lines(result: MaturityResult, t: Translate) -> list[str]:
    """What each program lacks for its next stage (and on any rung below that is not yet
    managed); with many programs, those of the ``LIST_ALL`` nearest their next stage."""
    programs = result.programs
    if not lists_all(len(programs)):
        programs = nearest_programs(result)
    return [line for p in programs for line in _program_lines(result, p, t)]


def order_for_grid(result: MaturityResult) -> list[str]:
    """Programs highest stage first, then by the share of their next stage managed."""
    return list(ranked(_next_shares(result, top=1.0), ["rank", "next"])["program"])


def _stage_counts(result: MaturityResult, t: Translate) -> str:
    table = result.table[result.table["program"] != OVERALL]
    counts = Counter(s if s in STAGES else None for s in table["stage"])
    items = [
        t("maturity.summary.count", n=counts[s], stage=stage_label(s, t))
        for s in (*reversed(STAGES), None)
        if counts[s]
    ]
    return list_separator(language_of(t)).join(items)


def summary_sentence(result: MaturityResult, t: Translate) -> str:
    """Where the center stands: the stage of all programs pooled and its next stage, then
    each program's stage (with many programs, how many reach each stage)."""
    overall = result.table.set_index("program").loc[OVERALL]
    nxt = overall["next_stage"]
    nxt = stage_label(nxt, t) if nxt in STAGES else t("maturity.summary.top")
    if overall["stage"] in STAGES:
        stage = stage_label(overall["stage"], t)
        pooled = t("maturity.summary.pooled", stage=stage, next=nxt)
    else:
        pooled = t("maturity.summary.pooled_none", next=nxt)
    if lists_all(len(result.programs)):
        items = [
            t("maturity.summary.item", program=r["program"], stage=stage_label(r["stage"], t))
            for _, r in result.table[result.table["program"] != OVERALL].iterrows()
        ]
        return t("maturity.summary.few", pooled=pooled, items=join(items, t))
    counts = _stage_counts(result, t)
    return t("maturity.summary.many", pooled=pooled, n=len(result.programs), counts=counts)


def methods(result: MaturityResult | None, t: Translate) -> list[str]:
    """The methods line of the maturity stage (none without a result)."""
    if result is None:
        return []
    return [t("maturity.methods", threshold=threshold_text(result))]


def figures(result: MaturityResult | None) -> dict[str, object]:
    """What results.json records under "maturity": summary (the rows of
    ``result.summary()``), evidence (every program's, uncapped), threshold and the
    unstaged metric ids ({} without a result)."""
    if result is None:
        return {}
    return {
        "summary": result.summary(),
        "evidence": result.evidence,
        "threshold": result.threshold,
        "unstaged": list(result.unstaged["metric"]),
    }
