"""How the model's results are read: which effects are significant, which importance
shares carry no effect of their own, how strong collinearity is. The report phrases these
readings; the rules are here."""

from __future__ import annotations

from copcwb.drivers.importance import ImportanceResult
from copcwb.drivers.ordinal import OrdinalLogitResult

#: variance inflation factors above these read as moderate and as strong collinearity
VIF_MODERATE, VIF_HIGH = 5.0, 10.0
#: an importance share from which a predictor without an effect of its own is pointed out
SHARED_MIN_SHARE = 0.02


def effect_directions(model: OrdinalLogitResult, alpha: float = 0.05) -> dict[str, list[str]]:
    """The model's terms by reading: "raise" (p < alpha, positive coefficient), "lower"
    (p < alpha, negative) and "none" (p >= alpha), each in model order."""
    summ = model.summary().loc[list(model.terms)]
    significant = summ["p_val"] < alpha
    return {
        "raise": [str(c) for c in summ.index[significant & (summ["coef"] > 0)]],
        "lower": [str(c) for c in summ.index[significant & (summ["coef"] < 0)]],
        "none": [str(c) for c in summ.index[~significant]],
    }


def shared_without_effect(
    importance: ImportanceResult,
    model: OrdinalLogitResult,
    *,
    alpha: float = 0.05,
    min_share: float = SHARED_MIN_SHARE,
) -> list[str]:
    """Predictors with at least ``min_share`` of the explained satisfaction but no
    significant effect of their own in ``model`` (p >= alpha): their share is what they
    have in common with correlated predictors. In importance order."""
    p_val = model.summary()["p_val"]
    s = importance.summary()
    return [
        str(d)
        for d, pct in zip(s["driver"], s["importance_pct"], strict=True)
        if pct / 100.0 >= min_share and d in p_val.index and p_val[d] >= alpha
    ]


def vif_reading(vif: float) -> str:
    """A variance inflation factor read: "high" (above 10), "moderate" (above 5) or "fine"."""
    if vif > VIF_HIGH:
        return "high"
    if vif > VIF_MODERATE:
        return "moderate"
    return "fine"


def collinearity(model: OrdinalLogitResult) -> dict[str, list[str]]:
    """The model's terms by :func:`vif_reading`: keys "high", "moderate", "fine"."""
    found: dict[str, list[str]] = {"high": [], "moderate": [], "fine": []}
    for term, vif in model.vif["vif"].items():
        found[vif_reading(float(vif))].append(str(term))
    return found
