"""Expectation ratings of the demo survey, one per driver rating (the five service-quality
dimensions), for the service-quality gap perception - expectation.

Each respondent's expectation of a dimension starts from the perception rating of another
respondent of the same program (a random permutation within the program), so that
expectations and perceptions of a program have the same distribution; the planted
offsets then move it: reliability's expectations lie above the perceptions (expectations
missed), tangibles' below them (over-served), the other three are met (their gap is
zero in every program). Drawn from a stream of their own, after every table's, so that
adding them left every table as it was.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from copcwb.synth._spec import DRIVERS

PREFIX = "exp_"
#: the points (on the 1..5 scale) an expectation lies above the permuted perception, with
#: their probabilities; a dimension not named is met (offset 0)
OFFSETS: Mapping[str, tuple[tuple[int, ...], tuple[float, ...]]] = {
    "reliability": ((0, 1, 2), (0.25, 0.55, 0.20)),  # expectations missed
    "tangibles": ((-1, 0), (0.60, 0.40)),  # over-served
}


def expectation_column(driver: str) -> str:
    """The expectation column of a driver rating: ``exp_<driver>``."""
    return f"{PREFIX}{driver}"


def pairs(drivers: Sequence[str] = DRIVERS) -> dict[str, str]:
    """Perception column -> expectation column, as an engagement declares them."""
    return {d: expectation_column(d) for d in drivers}


def _within_programs(rng: np.random.Generator, program: np.ndarray) -> np.ndarray:
    """Row positions permuted within each program (stable program order)."""
    order = np.arange(len(program))
    for p in pd.unique(program):
        rows = np.flatnonzero(program == p)
        order[rows] = rng.permutation(rows)
    return order


def draw(
    rng: np.random.Generator,
    ratings: Mapping[str, np.ndarray],
    program: np.ndarray,
    scale: tuple[int, int] = (1, 5),
) -> dict[str, np.ndarray]:
    """The expectation column of each driver in ``ratings`` (perception ratings on
    ``scale``, one array per driver of DRIVERS), for respondents of ``program``: a
    perception of the same program permuted, plus the driver's planted offset (in points
    of 1..5 stretched onto ``scale``, rounded), clipped to the scale."""
    lo, hi = scale
    program = np.asarray(program, dtype=object)
    out = {}
    for d in DRIVERS:
        if d not in ratings:
            continue
        base = np.asarray(ratings[d])[_within_programs(rng, program)]
        values, weights = OFFSETS.get(d, ((0,), (1.0,)))
        offset = rng.choice(np.asarray(values), size=len(base), p=np.asarray(weights))
        shift = np.round(offset * (hi - lo) / 4.0).astype(np.int64)
        out[expectation_column(d)] = np.clip(base + shift, lo, hi).astype(np.int64)
    return out


def with_expectations(
    rng: np.random.Generator, survey: pd.DataFrame, scale: tuple[int, int]
) -> pd.DataFrame:
    """The demo survey with the expectation columns of its driver ratings appended."""
    extra = draw(rng, {d: survey[d].to_numpy() for d in DRIVERS}, survey["program"], scale)
    return survey.assign(**extra)
