"""Critical-error accuracy (process vs individual kept apart), sample adequacy, Pareto."""

from __future__ import annotations

import pandas as pd
import pytest

from copcwb.errors import AnalysisError
from copcwb.quality import (
    critical_error_accuracy,
    error_pareto,
    plot_accuracy,
    sample_adequacy,
    wilson_interval,
)


def qa_frame():
    rows = [
        # program A, process monitoring: 4 in January, customer errors in 1 of 4
        ("T1", "A", "2024-01-03", "process", 0, 0, 0, None),
        ("T2", "A", "2024-01-10", "process", 0, 1, 0, "BIZ-1"),
        ("T3", "A", "2024-01-17", "process", 1, 0, 0, "CUS-1"),
        ("T4", "A", "2024-01-24", "process", 0, 0, 0, ""),
        # program A, process, February: 2 rows, one compliance error
        ("T5", "A", "2024-02-07", "process", 0, 0, 1, "COM-1"),
        ("T6", "A", "2024-02-14", "process", 0, 0, 0, None),
        # program A, individual (coaching) monitoring: every one has a customer error
        ("T7", "A", "2024-01-05", "individual", 1, 0, 0, "CUS-1"),
        ("T8", "A", "2024-01-06", "individual", 1, 0, 0, "CUS-1"),
        # program A, targeted
        ("T9", "A", "2024-02-01", "targeted", 1, 1, 1, "CUS-2"),
        # program B, process: 2 rows, no errors
        ("T10", "B", "2024-01-09", "process", 0, 0, 0, None),
        ("T11", "B", "2024-01-19", "process", 0, 0, 0, None),
    ]
    qa = pd.DataFrame(
        rows,
        columns=[
            "transaction_id",
            "program",
            "date",
            "monitoring_type",
            "customer_ce",
            "business_ce",
            "compliance_ce",
            "error_code",
        ],
    )
    qa["date"] = pd.to_datetime(qa["date"])
    qa["agent_id"] = "a1"
    return qa


def test_process_only_by_default():
    table = critical_error_accuracy(qa_frame())
    assert list(table.columns) == [
        "program",
        "monitoring_type",
        "error_type",
        "n",
        "n_with_error",
        "accuracy",
        "ci_low",
        "ci_high",
    ]
    assert set(table["monitoring_type"]) == {"process"}
    a = table[table["program"] == "A"].set_index("error_type")
    # A process: 6 transactions; customer errors 1 (T3) -> 5/6; business 1 (T2) -> 5/6;
    # compliance 1 (T5) -> 5/6. The individual rows T7, T8 (customer errors) are NOT pooled:
    # pooled would be 8 transactions with 3 customer errors -> 5/8.
    assert a.loc["customer", "n"] == 6
    assert a.loc["customer", "n_with_error"] == 1
    assert a.loc["customer", "accuracy"] == pytest.approx(5 / 6)
    low, high = wilson_interval(5, 6)
    assert a.loc["customer", "ci_low"] == pytest.approx(low)
    assert a.loc["customer", "ci_high"] == pytest.approx(high)
    assert list(a.index) == ["customer", "business", "compliance"]
    b = table[table["program"] == "B"].set_index("error_type")
    assert b.loc["customer", "accuracy"] == 1.0 and b.loc["customer", "ci_high"] == 1.0


def test_other_monitoring_types_are_separate_rows():
    table = critical_error_accuracy(qa_frame(), monitoring_types="all")
    a = table[(table["program"] == "A") & (table["error_type"] == "customer")]
    got = a.set_index("monitoring_type")[["n", "n_with_error"]].to_dict("index")
    # process 6 with 1 error; individual 2 with 2 errors; targeted 1 with 1 error
    assert got == {
        "process": {"n": 6, "n_with_error": 1},
        "individual": {"n": 2, "n_with_error": 2},
        "targeted": {"n": 1, "n_with_error": 1},
    }
    assert list(a["monitoring_type"]) == ["process", "individual", "targeted"]
    only = critical_error_accuracy(qa_frame(), monitoring_types=("individual",))
    assert set(only["monitoring_type"]) == {"individual"} and set(only["program"]) == {"A"}


def test_by_month_and_overall():
    table = critical_error_accuracy(qa_frame(), by_month=True)
    jan = table[(table["program"] == "A") & (table["month"] == pd.Period("2024-01", "M"))]
    # January, A, process: 4 transactions, 1 customer error -> 3/4
    assert jan.set_index("error_type").loc["customer", "accuracy"] == pytest.approx(0.75)
    overall = critical_error_accuracy(qa_frame(), by=())
    # all process rows: A 6 + B 2 = 8; compliance errors 1 -> 7/8
    comp = overall.set_index("error_type").loc["compliance"]
    assert comp["n"] == 8 and comp["accuracy"] == pytest.approx(7 / 8)


def test_no_process_records_is_an_analysis_error():
    qa = qa_frame()
    qa = qa[qa["monitoring_type"] != "process"]
    with pytest.raises(AnalysisError, match="process"):
        critical_error_accuracy(qa)


def test_bad_flags_and_arguments():
    qa = qa_frame()
    qa.loc[0, "customer_ce"] = 2
    with pytest.raises(ValueError, match="0 or 1"):
        critical_error_accuracy(qa)
    with pytest.raises(ValueError):
        critical_error_accuracy(qa_frame(), monitoring_types=("random",))
    with pytest.raises(ValueError):
        critical_error_accuracy(qa_frame(), error_types=("fatal",))


def test_sample_adequacy_with_and_without_volume():
    volumes = pd.DataFrame(
        {
            "program": ["A", "A", "B", "B"],
            "month": ["2024-01", "2024-02", "2024-01", "2024-02"],
            "volume": [1000, 20, 1000, 1000],
        }
    )
    table = sample_adequacy(qa_frame(), margin=0.05, confidence=0.95, volumes=volumes)
    t = table.set_index(["program", "month"])
    # A Jan: N = 1000 -> needed 278 (DOMAIN.md check); sampled 4 -> 274 more
    row = t.loc[("A", pd.Period("2024-01", "M"))]
    assert row["n_sampled"] == 4 and row["n_needed"] == 278 and row["n_short"] == 274
    assert not row["adequate"]
    # A Feb: N = 20: n0 = 384.146; n = 384.146 / (1 + 383.146/20) = 384.146/20.157 = 19.06 -> 20
    row = t.loc[("A", pd.Period("2024-02", "M"))]
    assert row["n_needed"] == 20 and row["n_sampled"] == 2 and row["n_short"] == 18
    # B Feb: in volumes but never sampled -> n_sampled 0
    row = t.loc[("B", pd.Period("2024-02", "M"))]
    assert row["n_sampled"] == 0 and row["n_short"] == 278
    no_volume = sample_adequacy(qa_frame(), by_month=False)
    # no volume: n0 = 384.146 -> 385; A process sampled 6
    a = no_volume.set_index("program").loc["A"]
    assert a["n_needed"] == 385 and a["n_short"] == 379 and pd.isna(a["volume"])
    assert list(no_volume.columns) == [
        "program",
        "monitoring_type",
        "n_sampled",
        "volume",
        "n_needed",
        "n_short",
        "adequate",
        "achieved_margin",
    ]


def test_pareto_of_error_codes():
    codes = ["X"] * 5 + ["Y"] * 3 + ["Z"] * 2
    qa = pd.DataFrame(
        {
            "transaction_id": [f"T{i}" for i in range(12)],
            "program": "A",
            "date": pd.Timestamp("2024-01-01"),
            "monitoring_type": ["process"] * 10 + ["individual"] * 2,
            "agent_id": "a",
            "customer_ce": 1,
            "business_ce": 0,
            "compliance_ce": 0,
            "error_code": codes + ["Z", "Z"],
        }
    )
    table = error_pareto(qa)
    # process only: X 5, Y 3, Z 2 of 10 -> shares 0.5, 0.3, 0.2; cumulative 0.5, 0.8, 1.0
    assert table["error_code"].tolist() == ["X", "Y", "Z"]
    assert table["count"].tolist() == [5, 3, 2]
    assert table["share"].tolist() == pytest.approx([0.5, 0.3, 0.2])
    assert table["cumulative_share"].tolist() == pytest.approx([0.5, 0.8, 1.0])
    # vital few to reach 80%: X (0 before) and Y (0.5 before); Z starts at 0.8
    assert table["vital_few"].tolist() == [True, True, False]
    assert table["rank"].tolist() == [1, 2, 3]
    with pytest.raises(AnalysisError, match="error_code"):
        error_pareto(qa.drop(columns="error_code"))


def test_accuracy_plot():
    from matplotlib.figure import Figure

    table = critical_error_accuracy(qa_frame())
    ax = plot_accuracy(table, ax=Figure().subplots(), targets={"customer": 0.95})
    assert "Critical-error accuracy" in ax.get_title()
    assert ax.get_xlabel().startswith("Accuracy")
    assert len(ax.get_yticklabels()) == len(table)


def test_pareto_counts_each_code_of_a_combined_cell():
    from copcwb.quality import error_pareto

    # T1 holds two codes, T2 one, T3 a blank: A counted twice (T1, T2), B once.
    # shares: A 2/3, B 1/3; cumulative 2/3 then 1.
    qa = pd.DataFrame(
        {
            "transaction_id": ["T1", "T2", "T3"],
            "program": "P",
            "monitoring_type": "process",
            "error_code": ["A; B", "A", " "],
            "customer_ce": 1,
            "business_ce": 0,
            "compliance_ce": 0,
            "date": pd.Timestamp("2026-01-05"),
            "agent_id": "x",
        }
    )
    table = error_pareto(qa)
    assert table["error_code"].tolist() == ["A", "B"]
    assert table["count"].tolist() == [2, 1]
    assert table["cumulative_share"].tolist() == pytest.approx([2 / 3, 1.0])
    assert error_pareto(qa, separator=None)["error_code"].tolist() == ["A", "A; B"]


def test_qa_sample_adequacy_over_the_period_and_per_month():
    from copcwb.quality import qa_sample_adequacy

    sample = qa_sample_adequacy(qa_frame(), margin=0.05, confidence=0.95)
    # n0 = 1.959964^2 * 0.25 / 0.05^2 = 384.15 -> 385 needed; A sampled 6 process, B 2
    overall = sample.overall.set_index("program")
    assert overall["n_sampled"].to_dict() == {"A": 6, "B": 2}
    assert overall["n_short"].to_dict() == {"A": 379, "B": 383}
    months = sample.months.set_index("program")
    # A: January 4, February 2 -> 2 months, none adequate, median sample (4 + 2) / 2 = 3,
    # median short (381 + 383) / 2 = 382; margins z sqrt(0.25 / n): n = 4 -> 0.48999,
    # n = 2 -> 0.69296, median 0.59148
    assert months.loc["A", "n_months"] == 2 and months.loc["A", "n_months_adequate"] == 0
    assert months.loc["A", "median_sampled"] == 3.0 and months.loc["A", "median_short"] == 382.0
    assert months.loc["A", "n_needed_month"] == 385
    z = 1.959964
    margin = ((z * (0.25 / 4) ** 0.5) + (z * (0.25 / 2) ** 0.5)) / 2
    assert months.loc["A", "median_margin"] == pytest.approx(margin, abs=1e-5)
    # B: January only, 2 sampled
    assert months.loc["B", "n_months"] == 1 and months.loc["B", "median_sampled"] == 2.0
    assert not sample.every_month_adequate and sample.has_process
    assert sample.summary().equals(sample.overall)


def test_qa_sample_adequacy_without_qa_or_process():
    from copcwb.quality import qa_sample_adequacy

    assert qa_sample_adequacy(None) is None
    coaching = qa_frame().assign(monitoring_type="individual")
    sample = qa_sample_adequacy(coaching)
    assert not sample.has_process and sample.months.empty
    with pytest.raises(ValueError, match="margin"):
        qa_sample_adequacy(qa_frame(), margin=0)


def test_qa_error_pareto_as_a_result():
    from copcwb.quality import qa_error_pareto

    pareto = qa_error_pareto(qa_frame())
    # process codes: BIZ-1, CUS-1, COM-1 once each (the blank and missing ones ignored):
    # shares 1/3 each; the vital few reach 80%: the first (0 before) and the second
    # (1/3 before) and the third (2/3 before, < 0.80) -> all three
    assert pareto.n_process == 8 and pareto.n_errors == 3
    assert pareto.table["error_code"].tolist() == ["BIZ-1", "COM-1", "CUS-1"]
    assert "monitoring_type" not in pareto.table.columns
    assert len(pareto.vital_few) == 3
    assert qa_error_pareto(None) is None
    no_codes = qa_error_pareto(qa_frame().drop(columns="error_code"))
    assert no_codes.table.empty and no_codes.n_process == 8 and no_codes.n_errors == 0
    blank = qa_error_pareto(qa_frame().assign(error_code=None))
    assert blank.table.empty and blank.n_process == 8
    coaching = qa_error_pareto(qa_frame().assign(monitoring_type="individual"))
    assert coaching.table.empty and coaching.n_process == 0
