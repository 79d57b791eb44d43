"""Steps that may not be possible on a client's data, without stopping the report.

``attempt(drivers.brant_test, model)`` returns the step's result, or an
``Unavailable`` saying why the step could not be done (an ``AnalysisError``: too few
responses, a separated model, ...). The view of that step then shows the reason in
place of the result. Errors in the inputs themselves (``InputError``) and bugs are not
caught: they stop the notebook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd

from copcwb.errors import AnalysisError

T = TypeVar("T")


@dataclass(frozen=True)
class Unavailable:
    """A step that could not be done: ``step`` (the function's name), ``reason``."""

    step: str
    reason: str

    def summary(self) -> pd.DataFrame:
        """Columns step, reason (one row)."""
        return pd.DataFrame({"step": [self.step], "reason": [self.reason]})


def attempt(function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | Unavailable:
    """``function(*args, **kwargs)``, or ``Unavailable`` when it raises AnalysisError."""
    try:
        return function(*args, **kwargs)
    except AnalysisError as exc:
        return Unavailable(step=getattr(function, "__name__", str(function)), reason=str(exc))


def available(result: object) -> bool:
    """Whether ``result`` is a step's result (not None and not ``Unavailable``)."""
    return result is not None and not isinstance(result, Unavailable)
