"""The "Process or people" section of the baseline report: whether each program's critical
errors come from one process rate or from a few agents, the funnel plots, the coaching
list (pseudonymous), the error codes by signature."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.i18n.formats import is_missing
from copcwb.pseudonyms import pseudonym_key, pseudonyms
from copcwb.session import Session
from copcwb.views._shared import TableSpec
from copcwb.views.baseline.formats import Translate, share
from copcwb.views.many import LIST_ALL

#: funnel plots shown at most (the programs with most agents above the limit first)
FUNNELS_SHOWN = 6


def agent_names(s: Session, people) -> dict[str, str]:
    """agent id -> the name the report shows: the id itself when the engagement allows it
    (``show_agent_ids``), else a keyed pseudonym (see :mod:`copcwb.pseudonyms`)."""
    ids = list(people.agents()["agent"]) if people is not None else []
    if s.options.show_agent_ids:
        return {a: str(a) for a in ids}
    return pseudonyms(ids, prefix=s.t("people.agent_prefix"), key=pseudonym_key())


def headline(row, t: Translate) -> str:
    """One sentence on one program and error type (a row of AgentVariationResult.table)."""
    values = {
        "program": row.program,
        "type": t(f"baseline.error_type.{row.error_type}"),
        "n": row.n_agents,
        "above": row.n_above,
        "share": share(row.above_error_share, 0),
        "p": "–" if is_missing(row.p_val) else f"{row.p_val:.3f}",
    }
    key = row.reason if row.verdict == "not_judged" else row.verdict
    return t(f"people.headline.{key}", **values)


def build_test_table(people, t: Translate) -> TableSpec:
    """program, error type, agents, transactions, process rate, chi2 (df), p, share
    between agents, agents above / below the 99.8% limits, verdict."""
    s = people.summary()
    frame = pd.DataFrame(
        {
            "program": s["program"],
            "error_type": [t(f"baseline.error_type.{e}") for e in s["error_type"]],
            "n_agents": s["n_agents"],
            "n_transactions": s["n_transactions"],
            "rate": s["rate"],
            "chi2": [
                "–" if is_missing(c) else f"{c:.1f} ({d})"
                for c, d in zip(s["chi2"], s["df"], strict=True)
            ],
            "p_val": s["p_val"],
            "between_agent_share": s["between_agent_share"],
            "n_above": s["n_above"],
            "n_below": s["n_below"],
            "verdict": [t(f"people.verdict.{v}") for v in s["verdict"]],
        }
    )
    headers = {c: t(f"people.col.{c}") for c in frame.columns}
    formats = {"rate": ".1%", "p_val": ".3f", "between_agent_share": ".1%"}
    return TableSpec(
        frame=frame, headers=headers, formats=formats, sort_keys={"chi2": list(s["chi2"])}
    )


def build_coaching_table(people, names: dict[str, str], t: Translate) -> TableSpec:
    """The agents above the 99.8% limit: agent (its shown name), program, error type, n,
    errors, rate, the 99.8% upper limit."""
    c = people.coaching()
    frame = pd.DataFrame(
        {
            "agent": [names.get(a, "–") for a in c["agent"]],
            "program": c["program"],
            "error_type": [t(f"baseline.error_type.{e}") for e in c["error_type"]],
            "n": c["n"],
            "n_with_error": c["n_with_error"],
            "rate": c["rate"],
            "upper_998": c["upper_998"],
        }
    )
    headers = {col: t(f"people.col.{col}") for col in frame.columns}
    return TableSpec(frame=frame, headers=headers, formats={"rate": ".1%", "upper_998": ".1%"})


def build_codes_table(people, t: Translate) -> TableSpec:
    """The error codes with enough occurrences to judge, concentrated ones first."""
    c = people.codes()
    c = c[c["signature"] != "too_few"].copy()
    c["_order"] = (c["signature"] != "concentrated").astype(int)
    c = c.sort_values(["_order", "p_val"], kind="stable")
    frame = pd.DataFrame(
        {
            "program": c["program"],
            "error_type": [t(f"baseline.error_type.{e}") for e in c["error_type"]],
            "error_code": c["error_code"],
            "n_occurrences": c["n_occurrences"],
            "n_agents_with_code": c["n_agents_with_code"],
            "top3_share": c["top3_share"],
            "p_val": c["p_val"],
            "signature": [t(f"people.signature.{v}") for v in c["signature"]],
        }
    )
    headers = {col: t(f"people.col.{col}") for col in frame.columns}
    return TableSpec(frame=frame, headers=headers, formats={"top3_share": ".0%", "p_val": ".3f"})


def _funnels(s: Session, people) -> None:
    t = s.t
    result = people.by_type["customer"]
    table = result.table[result.table["verdict"] != "not_judged"]
    table = table.sort_values("n_above", ascending=False, kind="stable").head(FUNNELS_SHOWN)
    for row in table.itertuples(index=False):
        labels = {k: t(f"people.plot.{k}") for k in ("xlabel", "ylabel", "rate")}
        labels |= {k: t(f"people.plot.{k}") for k in ("limit_95", "limit_998")}
        labels["title"] = t("people.plot.title", program=row.program)
        ax = result.plot(labels=labels, program=row.program)
        display.figure(ax.figure, alt=t("people.plot.alt", program=row.program))
    if len(result.table) > len(table):
        display.note(t("people.plot.more", shown=len(table), n=len(result.table)))


def section(s: Session, people) -> None:
    """Process or people: the headline per program, the test table, the funnel plots of
    customer-critical errors, the coaching list, the error codes by signature."""
    t = s.t
    s.section(t("people.section"), ref="people")
    if people is None:
        display.sentences([t("people.no_qa")])
        return
    monitoring = ", ".join(t(f"people.monitoring.{m}") for m in people.monitoring)
    display.sentences([t("people.intro", monitoring=monitoring)])
    rows = list(people.by_type["customer"].table.itertuples(index=False))
    if len(rows) <= LIST_ALL:
        display.bullets([headline(r, t) for r in rows])
    _funnels(s, people)
    test = build_test_table(people, t)
    display.table(test.frame, caption=t("people.test_caption"), **test.kwargs())
    s.section(t("people.coaching_title"), level=3, ref="people_coaching")
    coaching = build_coaching_table(people, agent_names(s, people), t)
    if coaching.frame.empty:
        display.sentences([t("people.coaching_none")])
    else:
        display.sentences([t("people.coaching_intro", n=len(coaching.frame))])
        display.table(coaching.frame, caption=t("people.coaching_caption"), **coaching.kwargs())
        if not s.options.show_agent_ids:
            display.note(t("people.pseudonym_note" if pseudonym_key() else "people.numbered_note"))
    s.section(t("people.codes_title"), level=3, ref="people_codes")
    codes = build_codes_table(people, t)
    if codes.frame.empty:
        display.sentences([t("people.codes_none")])
    else:
        display.sentences([t("people.codes_intro")])
        display.table(codes.frame, caption=t("people.codes_caption"), **codes.kwargs())


def summary_sentence(people, t: Translate) -> str:
    """The executive summary's sentence on process versus people."""
    if people is None:
        return t("people.summary.no_qa")
    s = people.summary()
    judged = s[s["verdict"] != "not_judged"]
    counts = judged["verdict"].value_counts()
    return t(
        "people.summary.line",
        n=len(judged),
        process=int(counts.get("process", 0) + counts.get("process_with_outliers", 0)),
        people=int(counts.get("people", 0)),
        varied=int(counts.get("varied", 0)),
        coach=len(people.coaching()["agent"].unique()),
    )


def figures(s: Session, people) -> dict[str, object]:
    """The key figures of the section, agents by the names the report shows them by."""
    return key_figures(people, agent_names(s, people))


def key_figures(people, names: dict[str, str]) -> dict[str, object]:
    """process_or_people: the test table's rows; coaching: the agents above the limit by
    their shown names, with program, error type, n, errors, rate."""
    if people is None:
        return {"process_or_people": [], "coaching": []}
    coach = people.coaching()
    coach = coach.assign(agent=[names.get(a, "–") for a in coach["agent"]])
    columns = ["agent", "program", "error_type", "n", "n_with_error", "rate"]
    return {"process_or_people": people.summary(), "coaching": coach[columns]}


def methods(people, t: Translate) -> list[str]:
    """The methods note of the section."""
    if people is None:
        return []
    return [t("people.methods", alpha=f"{people.alpha:g}")]
