"""The calibration part of the baseline report: do the evaluators score alike, and which
evaluator scores more strictly or more leniently than the others (from an
:class:`copcwb.quality.AgreementResult`; None when the engagement has no calibration
sample).

Tables, sentences, the methods note, the executive-summary sentence and the marker set next
to each accuracy figure whose error type the evaluators do not agree on; ``section`` shows
them all as one subsection.
"""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.i18n import language_of
from copcwb.i18n.formats import is_missing
from copcwb.pseudonyms import pseudonym_key, pseudonyms
from copcwb.quality import AgreementResult
from copcwb.quality.deviation import POOLED
from copcwb.session import Session
from copcwb.terms import ERROR_FLAG_COLUMNS
from copcwb.views._shared import TableSpec
from copcwb.views.baseline.formats import Translate, join, share

AGREEMENT_TABLE = ["rating", "method", "n_transactions", "n_evaluators", "observed_agreement"]
AGREEMENT_TABLE += ["kappa", "interval", "band", "verdict"]
DEVIATION_TABLE = ["evaluator", "rating", "n", "rate", "consensus_rate", "difference"]
DEVIATION_TABLE += ["n_missed", "n_extra", "p_adj", "label"]
#: flag column -> error type (customer_ce -> customer)
ERROR_TYPE_OF = {flag: kind for kind, flag in ERROR_FLAG_COLUMNS.items()}


def _kappa(value: object) -> str:
    return "–" if is_missing(value) else f"{float(value):.2f}"


def _p(value: object) -> str:
    """A p-value in a table: "0.004", "< 0.001"."""
    if is_missing(value):
        return "–"
    return "< 0.001" if float(value) < 0.001 else f"{float(value):.3f}"


def _p_clause(value: object) -> str:
    """A p-value in a sentence: "p = 0.004", "p < 0.001"."""
    text = _p(value)
    return f"p {text}" if text.startswith("<") else f"p = {text}"


def _sentences(parts: list[str], t: Translate) -> str:
    """Sentences as one paragraph: a space between them, none in Chinese."""
    return ("" if language_of(t).startswith("zh") else " ").join(p for p in parts if p)


def rating_label(rating: str, t: Translate) -> str:
    """A rating as shown: a flag by its error type (Customer-critical), else its own label."""
    if rating in ERROR_TYPE_OF:
        return t(f"baseline.error_type.{ERROR_TYPE_OF[rating]}")
    return t(f"calibration.rating.{rating}")


def _type_lower(rating: str, t: Translate) -> str:
    return t(f"baseline.error_type_lower.{ERROR_TYPE_OF[rating]}")


def names_of(result: AgreementResult | None, t: Translate, *, show_ids: bool) -> dict[str, str]:
    """evaluator id -> the name the report shows: the id itself with ``show_ids``, else a
    keyed pseudonym (see :mod:`copcwb.pseudonyms`)."""
    ids = sorted(result.deviation["evaluator"].unique()) if result is not None else []
    if show_ids:
        return {e: str(e) for e in ids}
    return pseudonyms(ids, prefix=t("calibration.evaluator_prefix"), key=pseudonym_key())


def evaluator_names(s: Session, result: AgreementResult | None) -> dict[str, str]:
    """:func:`names_of` as the engagement's ``show_evaluator_ids`` option says."""
    return names_of(result, s.t, show_ids=bool(s.options.show_evaluator_ids))


def build_agreement_table(result: AgreementResult, t: Translate) -> TableSpec:
    """rating, kappa of (Fleiss or Cohen), transactions, evaluators, observed agreement,
    kappa, its interval, Landis & Koch band, verdict; rows coloured trusted / not."""
    a = result.table
    frame = pd.DataFrame(
        {
            "rating": [rating_label(r, t) for r in a["rating"]],
            "method": ["–" if is_missing(m) else t(f"calibration.method.{m}") for m in a["method"]],
            "n_transactions": a["n_transactions"],
            "n_evaluators": a["n_evaluators"],
            "observed_agreement": a["observed_agreement"],
            "kappa": [_kappa(k) for k in a["kappa"]],
            "interval": [
                t("baseline.interval", low=_kappa(lo), high=_kappa(hi))
                for lo, hi in zip(a["ci_low"], a["ci_high"], strict=True)
            ],
            "band": ["–" if is_missing(b) else t(f"calibration.band.{b}") for b in a["band"]],
            "verdict": [t(f"calibration.verdict.{v}") for v in a["verdict"]],
        }
    )
    headers = {c: t(f"calibration.col.{c}") for c in AGREEMENT_TABLE if c != "interval"}
    headers["interval"] = t("calibration.col.interval", confidence=share(result.confidence, 0))
    classes = [{"trusted": "met", "not_trusted": "missed"}.get(v, "") for v in a["verdict"]]
    keys = {"kappa": list(a["kappa"]), "interval": list(a["ci_low"])}
    return TableSpec(frame, headers, {"observed_agreement": ".1%"}, classes, keys)


def build_deviation_table(
    result: AgreementResult, names: dict[str, str], t: Translate
) -> TableSpec:
    """Each evaluator and rating (the three flags and all pooled): judgements, the
    evaluator's flag rate, the others' majority rate, the difference, errors missed and
    added, the Holm-adjusted p, the label; rows that deviate coloured."""
    d = result.deviation
    frame = pd.DataFrame(
        {
            "evaluator": [names.get(e, str(e)) for e in d["evaluator"]],
            "rating": [rating_label(r, t) for r in d["rating"]],
            "n": d["n"],
            "rate": d["rate"],
            "consensus_rate": d["consensus_rate"],
            "difference": [
                t("baseline.unit.points", value=f"{v * 100:+.1f}") for v in d["difference"]
            ],
            "n_missed": d["n_missed"],
            "n_extra": d["n_extra"],
            "p_adj": [_p(p) for p in d["p_adj"]],
            "label": [t(f"calibration.label.{v}") for v in d["label"]],
        }
    )
    headers = {c: t(f"calibration.col.{c}") for c in DEVIATION_TABLE}
    formats = {"rate": ".1%", "consensus_rate": ".1%"}
    classes = ["" if v == "in_line" else "missed" for v in d["label"]]
    keys = {"difference": list(d["difference"]), "p_adj": list(d["p_adj"])}
    return TableSpec(frame, headers, formats, classes, keys)


def intro_sentences(result: AgreementResult, t: Translate) -> list[str]:
    """What the sample holds and what kappa means; the transactions left out, if any."""
    row = result.table.iloc[0]
    if row["reason"] == "too_few":
        return [t("calibration.too_few")]
    lines = [
        t(
            "calibration.intro",
            n=int(row["n_transactions"]),
            n_evaluators=int(row["n_evaluators"]),
            per=int(row["evaluators_per_transaction"]),
            required=_kappa(result.required_kappa),
        )
    ]
    if row["n_left_out"]:
        per = int(row["evaluators_per_transaction"])
        lines.append(t("calibration.left_out", n=int(row["n_left_out"]), per=per))
    return lines


def agreement_lines(result: AgreementResult, t: Translate) -> list[str]:
    """One sentence per rating: its kappa, interval, band and verdict, or why not judged."""
    lines = []
    for row in result.table.itertuples(index=False):
        values = {"rating": rating_label(row.rating, t), "required": _kappa(row.required_kappa)}
        if row.verdict == "not_judged":
            lines.append(t(f"calibration.line.{row.reason}", **values))
            continue
        values |= {"kappa": _kappa(row.kappa), "low": _kappa(row.ci_low)}
        values |= {"high": _kappa(row.ci_high), "band": t(f"calibration.band.{row.band}")}
        key = row.verdict
        if row.rating == "error_code" and key == "not_trusted":
            key = "code_not_trusted"
        lines.append(t(f"calibration.line.{key}", **values))
    return lines


def _deviation_values(row, names: dict[str, str]) -> dict[str, object]:
    return {
        "evaluator": names.get(row.evaluator, str(row.evaluator)),
        "errors": int(row.n_consensus_errors),
        "missed": int(row.n_missed),
        "extra": int(row.n_extra),
        "share": share(row.missed_share, 0),
        "p": _p_clause(row.p_adj),
    }


def deviation_lines(result: AgreementResult, names: dict[str, str], t: Translate) -> list[str]:
    """A sentence per evaluator who deviates over all critical errors, then per error type
    for those who deviate on one type only; or that no one deviates."""
    d = result.deviation
    off = d[d["label"] != "in_line"]
    pooled = off[off["rating"] == POOLED]
    lines = [
        t(f"calibration.deviation.{row.label}", **_deviation_values(row, names))
        for row in pooled.itertuples(index=False)
    ]
    by_type = off[(off["rating"] != POOLED) & ~off["evaluator"].isin(pooled["evaluator"])]
    for row in by_type.itertuples(index=False):
        values = _deviation_values(row, names) | {"type": _type_lower(row.rating, t)}
        lines.append(t(f"calibration.deviation.type_{row.label}", **values))
    return lines or [t("calibration.deviation.none")]


def accuracy_marker(result: AgreementResult | None, error_type: str, t: Translate) -> str:
    """The words set next to an accuracy figure of ``error_type`` whose kappa is below the
    required level ("" when it is trusted, not judged, or there is no calibration)."""
    if result is None or error_type not in result.untrusted_types:
        return ""
    row = result.table[result.table["rating"] == ERROR_FLAG_COLUMNS[error_type]].iloc[0]
    return t(
        "calibration.marker", kappa=_kappa(row["kappa"]), required=_kappa(row["required_kappa"])
    )


def accuracy_markers(result: AgreementResult | None, t: Translate) -> dict[str, str]:
    """error type -> :func:`accuracy_marker`, for the untrusted types only."""
    types = result.untrusted_types if result is not None else []
    return {kind: accuracy_marker(result, kind, t) for kind in types}


def _evaluators_labelled(result: AgreementResult, label: str) -> list[str]:
    d = result.deviation
    return sorted(d.loc[d["label"] == label, "evaluator"].unique())


def summary_sentence(result: AgreementResult | None, names: dict[str, str], t: Translate) -> str:
    """The executive summary's sentence on calibration: which error types the evaluators
    agree on, and who scores more leniently or strictly than the others."""
    if result is None:
        return t("calibration.summary.no_input")
    table = result.table
    if (table["reason"] == "too_few").all():
        return t("calibration.summary.too_few")
    required = _kappa(result.required_kappa)
    untrusted = [t(f"baseline.error_type_lower.{k}") for k in result.untrusted_types]
    parts = [
        t("calibration.summary.untrusted", types=join(untrusted, t), required=required)
        if untrusted
        else t("calibration.summary.trusted", required=required)
    ]
    unjudged = [t(f"baseline.error_type_lower.{k}") for k in result.unjudged_types]
    if unjudged:
        parts.append(t("calibration.summary.unjudged", types=join(unjudged, t)))
    for label, key in (("more_lenient", "lenient"), ("stricter", "stricter")):
        who = [names.get(e, str(e)) for e in _evaluators_labelled(result, label)]
        if who:
            parts.append(t(f"calibration.summary.{key}", evaluators=join(who, t)))
    return _sentences(parts, t)


def methods(result: AgreementResult | None, t: Translate) -> list[str]:
    """The methods note of the calibration part (none without a calibration sample)."""
    if result is None:
        return []
    values = {"n_boot": f"{result.n_boot:,}", "required": _kappa(result.required_kappa)}
    return [t("calibration.methods", **values, alpha=f"{result.alpha:g}")]


def key_figures(result: AgreementResult | None, names: dict[str, str]) -> dict[str, object]:
    """evaluator_agreement: the agreement table; evaluator_deviation: the deviation table
    with evaluators by their shown names (empty lists without a calibration sample)."""
    if result is None:
        return {"evaluator_agreement": [], "evaluator_deviation": []}
    deviation = result.deviation.assign(
        evaluator=[names.get(e, str(e)) for e in result.deviation["evaluator"]]
    )
    return {"evaluator_agreement": result.summary(), "evaluator_deviation": deviation}


def section(s: Session, result: AgreementResult | None, *, level: int = 3) -> None:
    """The calibration subsection: what the sample holds, a sentence per rating and the
    agreement table, then each evaluator against the others' majority."""
    t = s.t
    s.section(t("calibration.section"), level=level, ref="calibration")
    if result is None:
        display.sentences([t("calibration.no_input")])
        return
    display.sentences(intro_sentences(result, t))
    if (result.table["reason"] == "too_few").all():
        return
    display.bullets(agreement_lines(result, t))
    agreement = build_agreement_table(result, t)
    display.table(agreement.frame, caption=t("calibration.agreement_caption"), **agreement.kwargs())
    names = evaluator_names(s, result)
    display.sentences([t("calibration.deviation.intro")])
    display.bullets(deviation_lines(result, names, t))
    deviation = build_deviation_table(result, names, t)
    display.table(deviation.frame, caption=t("calibration.deviation_caption"), **deviation.kwargs())
    if not s.options.show_evaluator_ids:
        key = "calibration.pseudonym_note" if pseudonym_key() else "calibration.numbered_note"
        display.note(t(key))
