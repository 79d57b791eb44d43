"""Metric catalogs with the units people write (%, s, min, NT$, pts, ...): each read in
the catalog's own unit, the KPI values with it, and an error for what stays ambiguous.
Expected numbers are the written ones converted by hand (80 % = 80 / 100 = 0.80)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from copcwb import InputError, load_engagement
from copcwb.baseline import assess
from copcwb.io import check_engagement_inputs, read_engagement_input, read_kpis
from copcwb.io import read_metric_catalog as read_catalog
from copcwb.io.units import SPELLINGS, read_unit

HEADER = "metric,label,category,unit,direction,target,benchmark\n"


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def catalog_of(folder: Path, *rows: str) -> pd.DataFrame:
    return read_catalog(write(folder, "catalog.csv", HEADER + "".join(r + "\n" for r in rows)))


@pytest.mark.parametrize(
    ("written", "unit", "target", "expected"),
    [
        ("%", "share", "80", 0.80),  # 80 percent points = 80 / 100
        ("％", "share", "80", 0.80),  # the full-width percent sign
        ("percent", "share", "95", 0.95),
        ("pct", "share", "5", 0.05),
        ("%", "share", "0.8", 0.8),  # at most 1: a share already
        ("share", "share", "0.8", 0.8),
        ("s", "seconds", "300", 300.0),
        ("sec", "seconds", "300", 300.0),
        ("seconds", "seconds", "300", 300.0),
        ("(s)", "seconds", "20", 20.0),
        ("min", "seconds", "5", 300.0),  # 5 min x 60 s
        ("Minutes", "seconds", "1.5", 90.0),  # 1.5 x 60
        ("h", "seconds", "24", 86_400.0),  # 24 x 3,600 s
        ("$", "currency", "5", 5.0),
        ("NT$", "currency", "120", 120.0),
        ("USD", "currency", "4.5", 4.5),
        ("pts", "score", "30", 30.0),
        ("points", "score", "30", 30.0),
        ("ratio", "ratio", "1.2", 1.2),
        ("count", "count", "10", 10.0),
    ],
)
def test_each_spelling_is_read_in_the_catalog_unit(tmp_path, written, unit, target, expected):
    catalog = catalog_of(tmp_path, f"m,M,service,{written},higher,{target},")
    row = catalog.iloc[0]
    assert (row["unit"], row["unit_written"]) == (unit, written)
    assert row["target"] == pytest.approx(expected, abs=1e-12)


def test_every_spelling_is_lower_case_and_reads_back():
    for spelling, unit in SPELLINGS.items():
        assert spelling == spelling.lower()
        assert read_unit(f"  {spelling.upper()} ") == unit


def test_percent_points_benchmark_goes_with_the_target(tmp_path):
    catalog = catalog_of(tmp_path, "service_level,SL,service,%,higher,80,85")
    row = catalog.iloc[0]
    # 80 / 100 = 0.80 and 85 / 100 = 0.85; the KPI values are divided by 100 too
    assert (row["target"], row["benchmark"], row["value_scale"]) == pytest.approx(
        (0.80, 0.85, 0.01)
    )


def test_kpi_values_are_read_in_the_catalog_units(tmp_path):
    catalog = catalog_of(
        tmp_path,
        "service_level,SL,service,%,higher,80,",
        "aht,AHT,cost,min,lower,5,",
        "abandon,Abandon,service,%,lower,,",  # no target: the values decide
        "occupancy,Occ,cost,%,higher,,",
    )
    kpis = write(
        tmp_path,
        "kpis.csv",
        "program,metric,month,value\n"
        "A,service_level,2026-01,78\n"
        "A,service_level,2026-02,81\n"
        "A,aht,2026-02,5.5\n"
        "A,abandon,2026-01,4.2\n"
        "A,abandon,2026-02,0.9\n"
        "A,occupancy,2026-02,0.86\n",
    )
    values = read_kpis(kpis, catalog=catalog)["value"].tolist()
    # 78/100, 81/100; 5.5 min x 60 = 330 s; abandon has a value above 1 (4.2), so both
    # are percent points: 4.2/100 and 0.9/100; occupancy's values are all at most 1: shares
    assert values == pytest.approx([0.78, 0.81, 330.0, 0.042, 0.009, 0.86])
    assert read_kpis(kpis)["value"].tolist()[:2] == [78.0, 81.0]  # without the catalog
    # the scorecard compares like with like: 0.81 >= 0.80 meets the target, 330 s > 300 s
    # misses it (lower is better)
    card = assess(read_kpis(kpis, catalog=catalog), catalog).scorecard.set_index("metric")
    assert bool(card.loc["service_level", "meets_target"])
    assert not bool(card.loc["aht", "meets_target"])
    assert card.loc["aht", "gap"] == pytest.approx(300 - 330)


def test_unknown_unit_lists_the_accepted_spellings(tmp_path):
    with pytest.raises(InputError) as caught:
        catalog_of(tmp_path, "a,A,service,share,higher,0.8,", "b,B,service,furlongs,higher,3,")
    (problem,) = caught.value.problems
    assert (problem.column, problem.rows, problem.problem) == ("unit", [3], "unknown unit")
    assert problem.file.endswith("catalog.csv") and problem.examples == ["furlongs"]
    for spelling in ("%", "sec", "min", "NT$", "pts", "share"):
        assert spelling.lower() in problem.fix.lower()


def test_percent_target_and_benchmark_written_differently_is_ambiguous(tmp_path):
    with pytest.raises(InputError) as caught:
        catalog_of(tmp_path, "service_level,SL,service,%,higher,0.8,85")
    (problem,) = caught.value.problems
    assert (problem.column, problem.rows) == ("target", [2])
    assert "percent points" in problem.problem and "shares" in problem.fix


def test_share_target_with_percent_point_values_is_ambiguous(tmp_path):
    catalog = catalog_of(tmp_path, "service_level,SL,service,%,higher,0.8,")
    kpis = write(
        tmp_path,
        "kpis.csv",
        "program,metric,month,value\n"
        "A,service_level,2026-01,0.79\n"
        "A,service_level,2026-02,80\n"
        "A,service_level,2026-03,82\n",
    )
    with pytest.raises(InputError) as caught:
        read_kpis(kpis, catalog=catalog)
    (problem,) = caught.value.problems
    assert problem.file == str(kpis)
    assert (problem.column, problem.rows, problem.examples) == ("value", [3, 4], ["80", "82"])
    assert "'service_level'" in problem.problem and "0.8" in problem.problem


def test_built_in_catalog_is_read_unchanged():
    catalog = read_catalog()
    assert (catalog["unit"] == catalog["unit_written"]).all()
    assert (catalog["value_scale"] == 1.0).all()


def engagement_with_units(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    write(
        folder / "data",
        "catalog.csv",
        HEADER + "service_level,SL,service,%,higher,80,\naht_s,AHT,cost,sec,lower,300,\n"
        "aht_min,AHT (min),cost,min,lower,5,\n",
    )
    write(
        folder / "data",
        "kpis.csv",
        "program,metric,month,value\nA,service_level,2026-01,78\nA,aht_min,2026-01,6\n",
    )
    return write(
        folder,
        "engagement.yaml",
        'client: "C"\nengagement: units-eng\nperiod: {start: "2026-01", end: "2026-06"}\n'
        "run: [baseline_assessment]\n"
        "inputs:\n  kpis: data/kpis.csv\n  metric_catalog: data/catalog.csv\n",
    )


def test_an_engagement_reads_its_kpis_in_its_catalog_units_and_says_so(tmp_path):
    engagement = load_engagement(engagement_with_units(tmp_path / "eng"))
    (tmp_path / "snapshot").mkdir()
    check = check_engagement_inputs(engagement, snapshot_dir=tmp_path / "snapshot")
    assert check.ok, check.problems
    # read alone (as a notebook in JupyterLab reads it) and from the run's snapshot
    frame, _ = read_engagement_input(engagement, "kpis")
    snapshot = pd.read_parquet(tmp_path / "snapshot" / "kpis.parquet")
    for values in (frame["value"], snapshot["value"]):
        assert values.tolist() == pytest.approx([0.78, 360.0])  # 78/100; 6 min x 60
    (warning,) = [w for w in check.warnings if w.column == "unit"]
    assert warning.file == "data/catalog.csv"
    # aht_s is written "sec": read as seconds, numbers unchanged, but listed
    assert list(warning.examples) == [
        "service_level: % → share ×0.01",
        "aht_s: sec → seconds",
        "aht_min: min → seconds ×60",
    ]
    assert "3 metric(s)" in warning.problem


def test_a_catalog_in_percent_points_and_minutes_assesses_like_the_built_in_units(tmp_path):
    # The same engagement twice: once with the built-in catalog's units, once with every
    # share metric written "%" (targets and KPI values x 100), aht_s written "min"
    # (target 300 s = 5 min, values / 60) and cost_per_contact "NT$". Both must give the
    # same scorecard.
    import yaml

    from copcwb.catalog import default_catalog_path, engagement_catalog
    from copcwb.synth import write_engagement

    specs = [write_engagement(tmp_path / name, "kpi_only") for name in ("plain", "written")]
    catalog = pd.read_csv(default_catalog_path(), dtype=str)
    share = catalog["unit"] == "share"
    written = catalog.copy()
    written.loc[share, "unit"] = "%"
    written.loc[share, "target"] = (catalog.loc[share, "target"].astype(float) * 100).map(str)
    written.loc[written["metric"] == "aht_s", ["unit", "target"]] = ["min", "5"]
    written.loc[written["metric"] == "cost_per_contact", "unit"] = "NT$"
    kpis = pd.read_csv(specs[1].parent / "data" / "kpis.csv", dtype=str)
    values = kpis["value"].astype(float)
    in_share = kpis["metric"].isin(catalog.loc[share, "metric"])
    kpis.loc[in_share, "value"] = (values[in_share] * 100).map(repr)
    in_aht = kpis["metric"] == "aht_s"
    kpis.loc[in_aht, "value"] = (values[in_aht] / 60).map(repr)
    kpis.to_csv(specs[1].parent / "data" / "kpis.csv", index=False)
    cards = []
    for spec, table in zip(specs, (catalog, written), strict=True):
        table.to_csv(spec.parent / "data" / "catalog.csv", index=False)
        data = yaml.safe_load(spec.read_text(encoding="utf-8"))
        data["inputs"]["metric_catalog"] = "data/catalog.csv"
        spec.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        engagement = load_engagement(spec)
        own, _ = read_engagement_input(engagement, "metric_catalog")
        frame, _ = read_engagement_input(engagement, "kpis")
        cards.append(assess(frame, engagement_catalog(own)).scorecard)
    plain, converted = cards
    assert converted["unit"].tolist() == plain["unit"].tolist()
    for column in ("value", "target", "gap", "gap_pct", "trend_slope"):
        expected = plain[column].to_numpy()
        assert converted[column].to_numpy() == pytest.approx(expected, rel=1e-9, nan_ok=True)
    assert converted["meets_target"].tolist() == plain["meets_target"].tolist()
    assert converted["trend"].tolist() == plain["trend"].tolist()
