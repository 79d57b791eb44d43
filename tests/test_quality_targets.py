"""Critical-error accuracy judged against target: where each target comes from, the
verdict that allows for sampling error, and the process kept apart from coaching."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from copcwb.baseline import assess
from copcwb.catalog import load_default_catalog
from copcwb.quality import accuracy_targets, judge_accuracy, judged_accuracy

Z = 1.959964  # two-sided 95% normal quantile


def wilson(x: int, n: int, z: float = Z) -> tuple[float, float]:
    """Wilson score interval written out: centre -/+ half, with p = x/n."""
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def qa_frame() -> pd.DataFrame:
    """North: 50 process transactions, 2 with a customer-critical error (48/50 accurate),
    none with a business or compliance error; 10 individual ones, all with a customer
    error (they must not be pooled with the process)."""
    return pd.DataFrame(
        {
            "transaction_id": [f"T{i:03d}" for i in range(60)],
            "program": "North",
            "date": pd.Timestamp("2026-06-01"),
            "monitoring_type": ["process"] * 50 + ["individual"] * 10,
            "agent_id": "A1",
            "customer_ce": [1, 1] + [0] * 48 + [1] * 10,
            "business_ce": 0,
            "compliance_ce": 0,
        }
    )


def kpis() -> pd.DataFrame:
    months = pd.period_range("2026-01", periods=3, freq="M")
    return pd.DataFrame(
        {
            "program": ["North"] * 3 + ["South"] * 3,
            "metric": "service_level",
            "month": list(months) * 2,
            "value": [0.8, 0.8, 0.8, 0.7, 0.7, 0.7],
        }
    )


def test_the_wilson_bounds_of_the_domain_check_value():
    # DOMAIN.md: 48/50 accurate -> Wilson 95% interval 0.865 to 0.989
    low, high = wilson(48, 50)
    assert low == pytest.approx(0.865, abs=5e-4) and high == pytest.approx(0.989, abs=5e-4)


def test_targets_come_from_override_then_choice_then_catalog_then_built_in():
    catalog = load_default_catalog()
    own = catalog["metric"] == "compliance_ce_accuracy"
    catalog.loc[own, ["target", "target_source"]] = [0.995, "client"]
    result = assess(kpis(), catalog, targets={"North": {"customer_ce_accuracy": 0.97}})
    out = accuracy_targets(["North", "South"], result.targets, {"business": 0.96})
    out = out.set_index(["program", "error_type"])
    # a per-program override of the metric wins
    assert out.loc[("North", "customer")].tolist() == [0.97, "engagement"]
    # no override, nothing chosen: the catalog's placeholder
    assert out.loc[("South", "customer")].tolist() == [0.95, "placeholder"]
    # the engagement chose a business target for every program
    assert out.loc[("South", "business")].tolist() == [0.96, "engagement"]
    # the engagement's own catalog with a client target
    assert out.loc[("North", "compliance")].tolist() == [0.995, "client"]
    # a catalog without the accuracy metrics falls back on the built-in placeholders
    bare = accuracy_targets(["North"], None).set_index("error_type")
    assert bare["target"].to_dict() == {"customer": 0.95, "business": 0.95, "compliance": 0.99}
    assert set(bare["target_source"]) == {"placeholder"}
    with pytest.raises(ValueError, match="accuracy targets"):
        accuracy_targets(["North"], None, {"fatal": 0.9})


def test_the_verdict_allows_for_sampling_error():
    low, high = wilson(48, 50)  # 0.8654, 0.9890
    accuracy = pd.DataFrame(
        {
            "program": "P",
            "monitoring_type": ["process"] * 3 + ["individual"],
            "error_type": ["customer", "business", "compliance", "customer"],
            "n": [50, 50, 50, 10],
            "n_with_error": [2, 2, 2, 10],
            "accuracy": [0.96, 0.96, 0.96, 0.0],
            "ci_low": [low] * 3 + [0.0],
            "ci_high": [high] * 3 + [0.28],
        }
    )
    targets = pd.DataFrame(
        {
            "program": "P",
            "error_type": ["customer", "business", "compliance"],
            # 0.95 lies inside (0.8654, 0.9890); 0.86 is below its low end; 0.99 above
            # its high end
            "target": [0.95, 0.86, 0.99],
            "target_source": "placeholder",
        }
    )
    out = judge_accuracy(accuracy, targets)
    assert list(out["status"]) == ["within sampling error", "meets target", "below target"]
    assert "monitoring_type" not in out.columns and len(out) == 3  # coaching left out
    no_target = judge_accuracy(accuracy, targets.iloc[:0])
    assert set(no_target["status"]) == {"no target"}


def test_judged_accuracy_on_a_qa_export():
    result = assess(kpis())
    judged = judged_accuracy(qa_frame(), result.targets, confidence=0.95)
    process = judged.process.set_index("error_type")
    # customer 48/50 = 0.96; Wilson (0.8654, 0.9890) holds the 0.95 placeholder
    low, high = wilson(48, 50)
    assert process.loc["customer", "n"] == 50 and process.loc["customer", "accuracy"] == 0.96
    assert process.loc["customer", "ci_low"] == pytest.approx(low, abs=1e-6)
    assert process.loc["customer", "ci_high"] == pytest.approx(high, abs=1e-6)
    assert process.loc["customer", "status"] == "within sampling error"
    # compliance 50/50: Wilson low = n / (n + z^2) = 50 / 53.8415 = 0.92865 < 0.99
    assert process.loc["compliance", "ci_low"] == pytest.approx(50 / (50 + Z * Z), abs=1e-6)
    assert process.loc["compliance", "status"] == "within sampling error"
    # a target the engagement chose: 0.86 <= 0.8654 -> meets; 0.99 > 0.9890 -> below
    chosen = judged_accuracy(qa_frame(), result.targets, chosen={"customer": 0.86})
    assert chosen.process.set_index("error_type").at["customer", "status"] == "meets target"
    chosen = judged_accuracy(qa_frame(), result.targets, chosen={"customer": 0.99})
    assert chosen.process.set_index("error_type").at["customer", "status"] == "below target"
    # the 10 coaching transactions (0/10 accurate) are kept apart, never pooled
    assert set(judged.other["monitoring_type"]) == {"individual"}
    assert judged.other.set_index("error_type").at["customer", "accuracy"] == 0.0
    assert judged.summary().equals(judged.process) and judged.has_process


def test_judged_accuracy_without_qa_or_without_process_monitoring():
    assert judged_accuracy(None) is None
    coaching = qa_frame().assign(monitoring_type="individual")
    judged = judged_accuracy(coaching)
    assert not judged.has_process and judged.process.empty
    assert len(judged.other) == 3  # one row per error type
