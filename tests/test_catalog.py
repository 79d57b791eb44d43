"""The built-in metric catalog and per-program target overrides."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from copcwb import catalog as cat_mod
from copcwb.catalog import default_catalog_path, load_default_catalog, targets_for

# The 29 metric ids, categories, directions, units and targets listed in the design brief,
# and the four visionary metrics of the maturity ladder (placeholder targets).
EXPECTED = {
    "service_level": ("service", "higher", "share", 0.80),
    "asa_s": ("service", "lower", "seconds", 30),
    "abandon_rate": ("service", "lower", "share", 0.05),
    "email_response_24h": ("service", "higher", "share", 0.90),
    "chat_response_60s": ("service", "higher", "share", 0.85),
    "backlog_over_sla": ("service", "lower", "share", 0.05),
    "customer_ce_accuracy": ("quality", "higher", "share", 0.95),
    "business_ce_accuracy": ("quality", "higher", "share", 0.95),
    "compliance_ce_accuracy": ("quality", "higher", "share", 0.99),
    "fcr_7d": ("quality", "higher", "share", 0.75),
    "cost_per_contact": ("cost", "lower", "currency", 5.00),
    "aht_s": ("cost", "lower", "seconds", 300),
    "occupancy": ("cost", "higher", "share", 0.85),
    "utilization": ("cost", "higher", "share", 0.80),
    "shrinkage": ("cost", "lower", "share", 0.30),
    "conversion_rate": ("revenue", "higher", "share", 0.15),
    "cross_sell_rate": ("revenue", "higher", "share", 0.10),
    "revenue_per_contact": ("revenue", "higher", "currency", 12.0),
    "revenue_contribution": ("revenue", "higher", "share", 0.10),
    "profit_per_contact": ("revenue", "higher", "currency", 2.00),
    "revenue_per_agent": ("revenue", "higher", "currency", 20000.0),
    "customer_retention_rate": ("satisfaction", "higher", "share", 0.90),
    "csat_top2": ("satisfaction", "higher", "share", 0.85),
    "dsat": ("satisfaction", "lower", "share", 0.05),
    "nps": ("satisfaction", "higher", "score", 30),
    "client_satisfaction": ("satisfaction", "higher", "share", 0.85),
    "forecast_accuracy_interval": ("support", "higher", "share", 0.80),
    "attrition_rate_annual": ("support", "lower", "share", 0.30),
    "new_hire_quality_pass": ("support", "higher", "share", 0.80),
    "training_pass_rate": ("support", "higher", "share", 0.90),
    "kb_update_timeliness": ("support", "higher", "share", 0.95),
    "employee_satisfaction": ("support", "higher", "share", 0.75),
    "schedule_adherence": ("support", "higher", "share", 0.90),
}


def test_default_catalog_file_exists_and_has_the_columns():
    path = default_catalog_path()
    assert path.is_file()
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert (
        header
        == "metric,label,category,unit,direction,target,benchmark,target_source,description,stage"
    )


def test_default_catalog_content_matches_the_brief():
    catalog = load_default_catalog()
    assert len(catalog) == 33
    assert catalog["metric"].is_unique
    assert set(catalog["metric"]) == set(EXPECTED)
    for row in catalog.itertuples(index=False):
        category, direction, unit, target = EXPECTED[row.metric]
        assert (row.category, row.direction, row.unit) == (category, direction, unit), row.metric
        assert row.target == pytest.approx(target), row.metric
    assert (catalog["target_source"] == "placeholder").all()
    assert catalog["description"].str.contains("illustrative targets, not COPC figures").all()
    assert "illustrative targets, not COPC figures" in cat_mod.__doc__


def test_default_catalog_dtypes():
    catalog = load_default_catalog()
    assert catalog["target"].dtype == "float64"
    assert catalog["benchmark"].dtype == "float64"
    for column in ("metric", "label", "category", "unit", "direction", "target_source", "stage"):
        assert pd.api.types.is_string_dtype(catalog[column]), column
    assert catalog["label"].notna().all()


def test_targets_for_expands_and_overrides_win():
    catalog = load_default_catalog()
    overrides = {"*": {"aht_s": 280.0}, "Billing": {"aht_s": 250.0, "nps": 40}}
    table = targets_for(catalog, overrides, programs=["Billing", "Sales"])
    assert len(table) == 2 * 33
    assert list(table.columns[:2]) == ["program", "metric"]
    t = table.set_index(["program", "metric"])
    # Billing's own override (250) beats the "*" override (280), which beats the catalog (300).
    assert t.loc[("Billing", "aht_s"), "target"] == 250.0
    assert t.loc[("Sales", "aht_s"), "target"] == 280.0
    assert t.loc[("Billing", "nps"), "target"] == 40.0
    assert t.loc[("Sales", "nps"), "target"] == 30.0
    assert t.loc[("Billing", "aht_s"), "target_source"] == "engagement"
    assert t.loc[("Sales", "aht_s"), "target_source"] == "engagement"
    assert t.loc[("Sales", "nps"), "target_source"] == "placeholder"
    assert t.loc[("Billing", "asa_s"), "target_source"] == "placeholder"


def test_targets_for_defaults_to_programs_named_and_nan_removes_target():
    table = targets_for(load_default_catalog(), {"Billing": {"nps": float("nan")}})
    assert set(table["program"]) == {"Billing"}
    row = table[table["metric"] == "nps"].iloc[0]
    assert math.isnan(row["target"]) and row["target_source"] == "engagement"
    assert len(targets_for(load_default_catalog(), None)) == 0


def test_targets_for_rejects_unknown_metric_and_non_numbers():
    catalog = load_default_catalog()
    with pytest.raises(ValueError, match="service_levle"):
        targets_for(catalog, {"Billing": {"service_levle": 0.8}})
    with pytest.raises(ValueError, match="must be a number"):
        targets_for(catalog, {"Billing": {"nps": "high"}})


def test_targets_for_fills_optional_columns_of_a_small_catalog():
    small = pd.DataFrame(
        {"metric": ["m1"], "category": ["service"], "direction": ["higher"], "target": [1.0]}
    )
    table = targets_for(small, {"P": {"m1": 2.0}})
    assert table.loc[0, "label"] == "m1"
    assert table.loc[0, "target"] == 2.0
    assert math.isnan(table.loc[0, "benchmark"])


def test_catalog_with_bad_direction_is_rejected():
    bad = pd.DataFrame(
        {"metric": ["m1"], "category": ["service"], "direction": ["up"], "target": [1.0]}
    )
    with pytest.raises(ValueError, match="higher' or 'lower"):
        targets_for(bad, None)


def test_default_catalog_speaks_the_report_language():
    from copcwb.catalog import default_catalog
    from copcwb.i18n import text

    english = default_catalog("en")
    assert english.drop(columns="label").equals(load_default_catalog().drop(columns="label"))
    assert english["label"].tolist() == load_default_catalog()["label"].tolist()
    hant = default_catalog("zh-Hant").set_index("metric")
    assert hant.loc["service_level", "label"] == text("metric.service_level", "zh-Hant")
    assert hant.loc["service_level", "label"] != "Service level"
    assert hant.attrs["catalog_source"] == "built-in"


def test_engagement_catalog_is_its_own_or_the_built_in_one():
    from copcwb.baseline import assess, engagement_catalog

    builtin = engagement_catalog(None, language="zh-Hans")
    assert len(builtin) == 33 and builtin.attrs["catalog_source"] == "built-in"
    small = pd.DataFrame(
        {"metric": ["m1"], "category": ["service"], "direction": ["higher"], "target": [1.0]}
    )
    own = engagement_catalog(small)
    assert own.attrs["catalog_source"] == "engagement"
    assert own.loc[0, "label"] == "m1" and own.loc[0, "target_source"] == "catalog"
    kpis = pd.DataFrame(
        {
            "program": "P",
            "metric": "m1",
            "month": pd.period_range("2026-01", periods=3, freq="M"),
            "value": 2.0,
        }
    )
    # the assessment records which catalog it used (the methods name it)
    assert assess(kpis, own).params["catalog_source"] == "engagement"
    assert assess(kpis, small).params["catalog_source"] == "engagement"
    service = kpis.assign(metric="service_level")
    assert assess(service).params["catalog_source"] == "built-in"
    assert assess(service, builtin).params["catalog_source"] == "built-in"
