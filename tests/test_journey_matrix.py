"""The journey matrix: every touchpoint x dimension cell, the checkpoints in it, its worst
checkpoint, and the rates of all programs pooled by their counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from copcwb import journey
from copcwb.terms import DIMENSIONS, TOUCHPOINTS


def _rates(rows: list[tuple]) -> pd.DataFrame:
    """A checkpoints table by program from (program, checkpoint, touchpoint, dimension,
    n_applicable, n_failed, status) rows."""
    columns = ["program", "checkpoint", "touchpoint", "dimension", "n_applicable", "n_failed"]
    frame = pd.DataFrame(rows, columns=[*columns, "status"])
    frame["failure_rate"] = frame["n_failed"] / frame["n_applicable"].where(
        frame["n_applicable"] > 0
    )
    frame["ci_low"] = frame["ci_high"] = np.nan
    frame["n_open"], frame["missing"] = 0, ""
    return frame


RATES = _rates(
    [
        ("A", "callback_on_time", "callback", "reliability", 100, 40, "computed"),
        ("B", "callback_on_time", "callback", "reliability", 300, 30, "computed"),
        ("A", "callback_made", "callback", "reliability", 100, 10, "computed"),
        ("B", "callback_made", "callback", "reliability", 300, 3, "computed"),
        ("A", "agent_courtesy", "agent", "empathy", 0, 0, "human_qa"),
        ("B", "agent_courtesy", "agent", "empathy", 0, 0, "human_qa"),
        ("A", "lobby_clean", "lobby", "tangibles", 10, 1, "computed"),
        ("B", "lobby_clean", "lobby", "tangibles", 10, 1, "computed"),
    ]
)


def test_the_grid_has_every_touchpoint_and_dimension():
    grid = journey.matrix(RATES)
    # 8 touchpoints of the journey plus the catalog's own "lobby", x 5 dimensions
    assert grid.touchpoints == (*TOUCHPOINTS, "lobby")
    assert grid.dimensions == DIMENSIONS
    assert len(grid.cells) == 9 * 5
    assert grid.grid().shape == (9, 5)
    assert list(grid.grid().index) == list(grid.touchpoints)


def test_a_cell_holds_its_checkpoints_and_its_worst_one():
    grid = journey.matrix(RATES)
    cells = grid.cells.set_index(["touchpoint", "dimension"])
    callback = cells.loc[("callback", "reliability")]
    assert callback["checkpoints"] == ("callback_on_time", "callback_made")
    assert callback["n_checkpoints"] == 2 and callback["n_computed"] == 2
    # pooled over the programs: on time (40 + 30) / (100 + 300) = 0.175; made 13 / 400
    assert callback["worst"] == "callback_on_time"
    assert callback["worst_rate"] == pytest.approx(70 / 400)
    courtesy = cells.loc[("agent", "empathy")]
    assert courtesy["n_checkpoints"] == 1 and courtesy["n_computed"] == 0
    assert courtesy["worst"] == "" and np.isnan(courtesy["worst_rate"])
    empty = cells.loc[("ivr", "empathy")]
    assert empty["n_checkpoints"] == 0 and empty["checkpoints"] == ()


def test_pooled_rates_add_the_programs_counts():
    pooled = journey.pooled(RATES).set_index("checkpoint")
    assert pooled.loc["callback_made", ["n_applicable", "n_failed"]].tolist() == [400, 13]
    assert pooled.loc["callback_made", "failure_rate"] == pytest.approx(13 / 400)
    # Wilson 95% for 13 of 400 (p = 0.0325, z = 1.959964, z^2/n = 0.009604):
    # centre = (0.0325 + 0.004802) / 1.009604 = 0.036947;
    # half = 1.959964 / 1.009604 * sqrt(0.0325 * 0.9675 / 400 + 3.841459 / 640000)
    #      = 1.941320 * 0.009198 = 0.017857 -> 0.019090 to 0.054804
    assert pooled.loc["callback_made", "ci_low"] == pytest.approx(0.019090, abs=2e-6)
    assert pooled.loc["callback_made", "ci_high"] == pytest.approx(0.054804, abs=2e-6)
    assert list(pooled.index) == [
        "callback_on_time",
        "callback_made",
        "agent_courtesy",
        "lobby_clean",
    ]


def test_the_matrix_of_the_demo_catalog_covers_it(tmp_path):
    catalog = journey.checkpoint_catalog()
    journeys = pd.DataFrame(
        {
            "contact_id": ["k1"],
            "customer_id": ["c1"],
            "program": ["P"],
            "channel": ["voice"],
            "start_time": pd.to_datetime(["2026-03-02 09:00"]),
            "ivr_seconds": [130.0],
        }
    )
    grid = journey.matrix(journey.checkpoints(journeys, catalog))
    assert grid.cells["n_checkpoints"].sum() == len(catalog)
    assert len(grid.cells) == len(TOUCHPOINTS) * len(DIMENSIONS)
    ivr = grid.cells.set_index(["touchpoint", "dimension"]).loc[("ivr", "responsiveness")]
    assert ivr["worst"] == "ivr_within_threshold" and ivr["worst_rate"] == 1.0
