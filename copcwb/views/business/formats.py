"""Money, and the mark of a figure that rests on a placeholder."""

from __future__ import annotations

from copcwb.i18n import language_of
from copcwb.i18n.formats import is_missing, number
from copcwb.views.baseline.formats import Translate

PLACEHOLDER_MARK = "*"


def money(value: object, currency: str, t: Translate, *, placeholder: bool = False) -> str:
    """An amount a year: "USD 183,173", or "183,173 (currency units)" without a currency;
    ``placeholder`` adds the mark of a figure resting on a placeholder."""
    if is_missing(value):
        return t("money.none")
    amount = number(value, language_of(t))
    text = f"{currency} {amount}" if currency else t("money.units", amount=amount)
    return text + (PLACEHOLDER_MARK if placeholder else "")


def count(value: object, t: Translate, digits: int = 0) -> str:
    return number(value, language_of(t), digits)
