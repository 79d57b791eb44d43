"""What is at stake, at the top of every executive summary, and the business-case tables
as results.json records them (kept apart from the sections so that every report's
views can import them)."""

from __future__ import annotations

import pandas as pd

from copcwb import display
from copcwb.session import Session


def tables_of(parts: dict[str, object] | None) -> dict[str, pd.DataFrame]:
    """{name: result.summary()} of the business-case results given (None ones left out),
    as results.json records them."""
    return {name: part.summary() for name, part in (parts or {}).items() if part is not None}


def _see(s: Session, key: str, ref: str) -> list[str]:
    number = s.number_of(ref)
    return [s.t(key, number=number)] if number else []


def stake(s: Session, money: list[str], top_actions: list[str]) -> None:
    """What is at stake and who acts first, at the top of an executive summary: the money
    lines, the most urgent actions with their owners, pointers to the sections."""
    if not money and not top_actions:
        return
    t = s.t
    display.section(t("baseline.summary.money_title"), level=4)
    if money:
        display.bullets(money)
    if top_actions:
        display.sentences([t("baseline.summary.top_actions", n=len(top_actions))])
        display.bullets(top_actions)
    display.sentences(
        _see(s, "baseline.summary.see_business", "business_case")
        + _see(s, "baseline.summary.see_actions", "action_plan")
    )
