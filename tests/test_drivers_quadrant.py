"""The importance-performance map when importance is not available or there is no driver."""

from __future__ import annotations

import pandas as pd
import pytest

from copcwb.attempt import Unavailable
from copcwb.drivers import importance_performance
from copcwb.errors import AnalysisError


def test_an_unavailable_importance_makes_the_map_unavailable():
    df = pd.DataFrame({"overall": [1, 3, 5], "a": [1, 2, 3]})
    missing = Unavailable("driver_importance", "separation on 'a'")
    with pytest.raises(AnalysisError, match="importance is not available: separation on 'a'"):
        importance_performance(df, ["a"], importance=missing)
    with pytest.raises(AnalysisError, match="no driver ratings"):
        importance_performance(df, [], importance={"a": 1.0})
