"""Evaluator agreement on a calibration sample: kappa against R irr on Fleiss's (1971)
diagnoses data and against a SAS printout, kappas worked by hand, the lenient evaluator
found, transactions scored once warned about and left out, and the reader's errors."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from copcwb import InputError
from copcwb.engagement import load_engagement
from copcwb.io import check_engagement_inputs, read_calibration
from copcwb.quality import (
    calibration_check,
    evaluator_agreement,
    evaluator_deviation,
    untrusted_types,
)
from copcwb.quality.agreement import band_of, unjudged_types

# R irr's data set `diagnoses` (Fleiss 1971): 30 patients, each diagnosed by 6
# psychiatrists, 1 Depression, 2 Personality Disorder, 3 Schizophrenia, 4 Neurosis,
# 5 Other; row i is patient i, column j rater j as irr ships it (statsmodels' tests
# ship the same table with each row sorted, test_inter_rater.py `diagnoses`).
DIAGNOSES = """\
4 4 4 4 4 4
2 2 2 5 5 5
2 3 3 3 3 5
5 5 5 5 5 5
2 2 2 4 4 4
1 1 3 3 3 3
3 3 3 3 5 5
1 1 3 3 3 4
1 1 4 4 4 4
5 5 5 5 5 5
1 4 4 4 4 4
1 2 4 4 4 4
2 2 2 3 3 3
1 4 4 4 4 4
2 2 4 4 4 5
3 3 3 3 3 5
1 1 1 4 5 5
1 1 1 1 1 2
2 2 4 4 4 4
1 3 3 5 5 5
5 5 5 5 5 5
2 4 4 4 4 4
2 2 4 5 5 5
1 1 4 4 4 4
1 4 4 4 4 5
2 2 2 2 2 4
1 1 1 1 5 5
2 2 4 4 4 4
1 3 3 3 3 3
5 5 5 5 5 5"""
RATERS = np.array([[int(v) for v in line.split()] for line in DIAGNOSES.splitlines()])


def _long(ratings: dict[str, list[list[object]]]) -> pd.DataFrame:
    """A calibration frame from {rating column: transactions x evaluators}; the other
    flags are 0 and the evaluators are E1, E2, ..."""
    first = next(iter(ratings.values()))
    rows = []
    for i, line in enumerate(first):
        for j in range(len(line)):
            row = {"transaction_id": f"T{i + 1:02d}", "evaluator_id": f"E{j + 1}"}
            row |= {f: 0 for f in ("customer_ce", "business_ce", "compliance_ce")}
            row["error_code"] = None
            row |= {name: values[i][j] for name, values in ratings.items()}
            rows.append(row)
    return pd.DataFrame(rows)


def _diagnoses(raters: slice = slice(None)) -> pd.DataFrame:
    codes = [[f"D{v}" for v in row] for row in RATERS[:, raters]]
    return _long({"error_code": codes})


def _row(table: pd.DataFrame, rating: str) -> pd.Series:
    return table.set_index("rating").loc[rating]


# --- published references -----------------------------------------------------------------------


def test_fleiss_kappa_matches_r_irr_on_the_diagnoses_data():
    # R irr 0.84, kappam.fleiss(diagnoses): "Fleiss' Kappa for m Raters, Subjects = 30,
    # Raters = 6, Kappa = 0.43, z = 17.7" (Gamer et al., irr documentation example; the
    # value to seven decimals, 0.4302445, is recorded from R in statsmodels'
    # test_inter_rater.py, test_fleiss_kappa_irr).
    table = evaluator_agreement(_diagnoses())
    row = _row(table, "error_code")
    assert row["kappa"] == pytest.approx(0.4302445, abs=5e-7)
    assert row["method"] == "fleiss"
    assert row["n_transactions"] == 30 and row["n_evaluators"] == 6
    assert row["band"] == "moderate"  # Landis & Koch: 0.41-0.60
    assert row["verdict"] == "not_trusted"  # below the placeholder 0.6
    assert row["ci_low"] < row["kappa"] < row["ci_high"]


def test_cohen_kappa_matches_r_irr_on_the_first_two_raters():
    # R irr 0.84, kappa2(diagnoses[, 1:2]): "Cohen's Kappa for 2 Raters (Weights:
    # unweighted), Subjects = 30, Raters = 2, Kappa = 0.651, z = 7, p-value = 2.63e-12"
    # (irr documentation example of kappa2).
    row = _row(evaluator_agreement(_diagnoses(slice(0, 2))), "error_code")
    assert row["method"] == "cohen"
    assert round(row["kappa"], 3) == 0.651
    assert row["n_evaluators"] == 2 and row["evaluators_per_transaction"] == 2


def test_the_diagnoses_are_the_table_statsmodels_ships():
    tests = pytest.importorskip("statsmodels.stats.tests.test_inter_rater")
    assert (np.sort(RATERS, axis=1) == tests.diagnoses).all()


def test_cohen_interval_matches_a_sas_printout():
    # SAS PROC FREQ (AGREE) on the 3 x 3 table [[0, 4, 1], [0, 8, 0], [0, 1, 5]]: simple
    # kappa 0.4842, ASE 0.1380, 95% confidence limits 0.2137 and 0.7547 (the printout is
    # recorded in statsmodels' test_inter_rater.py, TestUnweightedCohens).
    table = [[0, 4, 1], [0, 8, 0], [0, 1, 5]]
    pairs = [[f"C{i}", f"C{j}"] for i in range(3) for j in range(3) for _ in range(table[i][j])]
    row = _row(evaluator_agreement(_long({"error_code": pairs})), "error_code")
    assert row["method"] == "cohen" and row["ci_method"] == "asymptotic"
    assert row["kappa"] == pytest.approx(0.4842, abs=5e-5)
    assert row["ci_low"] == pytest.approx(0.2137, abs=5e-5)
    assert row["ci_high"] == pytest.approx(0.7547, abs=5e-5)
    assert row["observed_agreement"] == pytest.approx(13 / 19)  # the diagonal: 0 + 8 + 5


# --- by hand ------------------------------------------------------------------------------------


def test_cohen_and_fleiss_by_hand_on_a_two_by_two_table():
    # Two evaluators, 10 transactions: both flag 3, only the first flags 2, neither 5.
    #   observed agreement p_o = (3 + 5) / 10 = 0.8
    #   Cohen: the first flags 5/10, the second 3/10, so chance agreement
    #   p_e = 0.5 * 0.3 + 0.5 * 0.7 = 0.5 and kappa = (0.8 - 0.5) / (1 - 0.5) = 0.6
    #   Fleiss pools the two: 8 flags in 20 ratings, p = 0.4, p_e = 0.4^2 + 0.6^2 = 0.52,
    #   kappa = (0.8 - 0.52) / (1 - 0.52) = 0.28 / 0.48 = 0.58333...
    pairs = [[1, 1]] * 3 + [[1, 0]] * 2 + [[0, 0]] * 5
    same_two = _long({"customer_ce": pairs})
    row = _row(evaluator_agreement(same_two), "customer_ce")
    assert row["method"] == "cohen"
    assert row["observed_agreement"] == pytest.approx(0.8)
    assert row["kappa"] == pytest.approx(0.6)
    # the same ratings, but the second rating of the last five transactions is another
    # evaluator's: no longer the same two evaluators, so Fleiss' kappa
    other = same_two.copy()
    late = other["transaction_id"].isin([f"T{i:02d}" for i in range(6, 11)])
    other.loc[late & (other["evaluator_id"] == "E2"), "evaluator_id"] = "E3"
    row = _row(evaluator_agreement(other), "customer_ce")
    assert row["method"] == "fleiss" and row["n_evaluators"] == 3
    assert row["kappa"] == pytest.approx(0.28 / 0.48)


def test_fleiss_by_hand_with_three_evaluators():
    # Flags of 3 evaluators on 4 transactions: (1,1,1), (0,0,0), (1,1,0), (0,0,0).
    # Per transaction P_i = (n_1^2 + n_0^2 - 3) / (3 * 2): 1, 1, (4 + 1 - 3) / 6 = 1/3, 1,
    # mean 10/12. Flags 5 of 12: p_e = (5/12)^2 + (7/12)^2 = 74/144.
    # kappa = (120/144 - 74/144) / (1 - 74/144) = 46 / 70.
    flags = [[1, 1, 1], [0, 0, 0], [1, 1, 0], [0, 0, 0]]
    row = _row(evaluator_agreement(_long({"business_ce": flags})), "business_ce")
    assert row["observed_agreement"] == pytest.approx(10 / 12)
    assert row["kappa"] == pytest.approx(46 / 70)


def test_error_codes_are_compared_as_sets_and_blank_is_no_error():
    # "B;A" and "A; B" are one finding; a blank code is "no error". Both evaluators agree
    # on every transaction, so kappa is 1.
    codes = [["A;B", " B ; A"], [None, ""], ["C", "C"]]
    row = _row(evaluator_agreement(_long({"error_code": codes})), "error_code")
    assert row["observed_agreement"] == 1.0 and row["kappa"] == pytest.approx(1.0)


# --- verdicts -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kappa,band",
    [
        (-0.05, "poor"),  # Landis & Koch (1977): < 0.00 poor
        (0.0, "slight"),  # 0.00-0.20
        (0.20, "slight"),
        (0.21, "fair"),  # 0.21-0.40
        (0.40, "fair"),
        (0.41, "moderate"),  # 0.41-0.60
        (0.60, "moderate"),
        (0.61, "substantial"),  # 0.61-0.80
        (0.81, "almost_perfect"),  # 0.81-1.00
        (1.0, "almost_perfect"),
        (float("nan"), None),
    ],
)
def test_landis_koch_bands(kappa, band):
    assert band_of(kappa) == band


def test_bands_and_the_required_kappa_are_parameters():
    data = _diagnoses()  # kappa 0.430
    strict = {"slight": 0.0, "fair": 0.2, "moderate": 0.45, "substantial": 0.65}
    row = _row(
        evaluator_agreement(data, bands=strict | {"almost_perfect": 0.9}, required_kappa=0.4),
        "error_code",
    )
    assert row["band"] == "fair" and row["verdict"] == "trusted" and row["required_kappa"] == 0.4
    with pytest.raises(ValueError, match="rise"):
        evaluator_agreement(data, bands=strict | {"almost_perfect": 0.5})
    with pytest.raises(ValueError, match="missing: almost_perfect"):
        evaluator_agreement(data, bands=strict)


def test_options_carry_the_placeholders_and_check_the_bands():
    from pydantic import ValidationError

    from copcwb.options import BaselineOptions

    options = BaselineOptions()
    assert options.kappa_required == 0.6
    assert options.kappa_bands == {
        "slight": 0.0,
        "fair": 0.21,
        "moderate": 0.41,
        "substantial": 0.61,
        "almost_perfect": 0.81,
    }
    with pytest.raises(ValidationError, match="rise"):
        BaselineOptions(kappa_bands={**options.kappa_bands, "fair": 0.5})


def test_a_flag_nobody_sets_is_not_judged_and_not_called_untrusted():
    # nobody flags a compliance error and nobody writes a code: kappa is undefined (chance
    # agreement 1), so the sample cannot tell; customer agreement is worked by hand above
    flags = [[1, 1, 1], [0, 0, 0], [1, 1, 0], [0, 0, 0]]
    table = evaluator_agreement(_long({"business_ce": flags}), required_kappa=0.7)
    compliance = _row(table, "compliance_ce")
    assert np.isnan(compliance["kappa"]) and compliance["verdict"] == "not_judged"
    assert compliance["reason"] == "no_variation" and pd.isna(compliance["band"])
    assert _row(table, "error_code")["reason"] == "no_codes"
    assert untrusted_types(table) == ["business"]  # 46/70 = 0.657 < 0.7
    assert unjudged_types(table) == ["customer", "compliance"]


def test_bootstrap_interval_is_reproducible_with_its_seed():
    data = _diagnoses()
    a = _row(evaluator_agreement(data, seed=7), "error_code")
    b = _row(evaluator_agreement(data, seed=7), "error_code")
    assert (a["ci_low"], a["ci_high"]) == (b["ci_low"], b["ci_high"])
    wide = _row(evaluator_agreement(data, confidence=0.99, seed=7), "error_code")
    assert wide["ci_low"] <= a["ci_low"] and wide["ci_high"] >= a["ci_high"]


# --- the lenient evaluator ----------------------------------------------------------------------


def _planted() -> pd.DataFrame:
    """40 transactions, 4 evaluators: 20 hold a customer-critical error that E1, E2 and E4
    flag every time and E3 only on the first 10; nobody flags anything else."""
    flags = [[1, 1, 1, 1]] * 10 + [[1, 1, 0, 1]] * 10 + [[0, 0, 0, 0]] * 20
    return _long({"customer_ce": flags})


def test_the_lenient_evaluator_is_found():
    result = calibration_check(_planted())
    d = result.deviation.set_index(["evaluator", "rating"])
    e3 = d.loc[("E3", "customer_ce")]
    # the majority of the other three flags the 20 errors; E3 missed 10 and added none.
    # Exact McNemar: 0 of 10 discordant transactions against E3's consensus, two-sided
    # p = 2 * (1/2)^10 = 0.001953125; Holm over the four evaluators (the others have
    # p = 1): 4 * 0.001953125 = 0.0078125.
    assert (e3["n_consensus_errors"], e3["n_missed"], e3["n_extra"]) == (20, 10, 0)
    assert e3["rate"] == pytest.approx(10 / 40) and e3["consensus_rate"] == pytest.approx(0.5)
    assert e3["p_val"] == pytest.approx(0.001953125)
    assert e3["p_adj"] == pytest.approx(0.0078125)
    assert e3["label"] == "more_lenient"
    # for each of the others, the other three always include two who flag: in line
    assert (d.drop(index="E3", level="evaluator")["label"] == "in_line").all()
    assert set(result.deviating()["evaluator"]) == {"E3"}
    # agreement: 10 transactions 4-0, 10 split 3-1 (P_i = (9 + 1 - 4) / 12 = 0.5), 20 0-4:
    # mean 35/40 = 0.875; flags 70 of 160, p_e = 0.4375^2 + 0.5625^2 = 0.5078125;
    # kappa = (0.875 - 0.5078125) / (1 - 0.5078125) = 47/63
    assert _row(result.summary(), "customer_ce")["kappa"] == pytest.approx(47 / 63)


def test_a_stricter_evaluator_is_found_too():
    flags = [[1, 1, 1, 1]] * 10 + [[0, 0, 1, 0]] * 10 + [[0, 0, 0, 0]] * 20
    d = evaluator_deviation(_long({"business_ce": flags})).set_index(["evaluator", "rating"])
    assert d.loc[("E3", "business_ce"), "label"] == "stricter"
    assert d.loc[("E3", "business_ce"), "n_extra"] == 10


def test_the_demo_finds_its_lenient_evaluator():
    from copcwb.synth import DEMO, generate_demo

    result = calibration_check(generate_demo(2026)["calibration"])
    assert "E03 is lenient" in " ".join(DEMO.planted_in("calibration"))
    assert set(result.deviating()["evaluator"]) == {"E03"}
    pooled = result.deviation.set_index(["evaluator", "rating"]).loc[("E03", "all_ce")]
    assert pooled["label"] == "more_lenient" and pooled["missed_share"] > 0.3


def test_unequal_numbers_of_evaluators_use_the_most_common():
    # three transactions scored by three evaluators, one by two: Fleiss' kappa on the three
    flags = [[1, 1, 1], [0, 0, 0], [1, 1, 0], [0, 0, 0]]
    data = _long({"business_ce": flags})
    data = data[~((data["transaction_id"] == "T04") & (data["evaluator_id"] == "E3"))]
    row = _row(evaluator_agreement(data), "business_ce")
    assert row["n_transactions"] == 3 and row["n_left_out"] == 1
    # (1,1,1), (0,0,0), (1,1,0): P_i 1, 1, 1/3, mean 7/9; 5 flags of 9, p_e = 41/81;
    # kappa = (63/81 - 41/81) / (40/81) = 22/40
    assert row["kappa"] == pytest.approx(22 / 40)


def test_without_a_calibration_sample_there_is_no_result():
    assert calibration_check(None) is None


# --- transactions scored once -------------------------------------------------------------------

CALIBRATION = """transaction_id,evaluator_id,customer_ce,business_ce,compliance_ce,error_code
T1,E1,1,0,0,CE-RUDE
T1,E2,1,0,0,CE-RUDE
T2,E1,0,0,0,
T2,E2,0,0,0,
T3,E1,1,0,0,CE-RUDE
T3,E2,0,0,0,
T9,E1,0,1,0,BE-NO-OFFER
"""
YAML = """client: "Test Client"
engagement: calib-test
period: {start: "2026-01", end: "2026-01"}
run: [baseline_assessment]
inputs:
  kpis: data/kpis.csv
  calibration: data/calibration.csv
"""


def _write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_transaction_scored_once_is_warned_about_and_left_out(tmp_path):
    _write(tmp_path / "data", "kpis.csv", "program,metric,month,value\nA,aht_s,2026-01,300\n")
    _write(tmp_path / "data", "calibration.csv", CALIBRATION)
    spec = _write(tmp_path, "engagement.yaml", YAML)
    check = check_engagement_inputs(load_engagement(spec))
    assert check.ok, check.problems
    (warning,) = [w for w in check.warnings if w.file == "data/calibration.csv"]
    assert warning.severity == "warning" and warning.column == "transaction_id"
    assert list(warning.rows) == [8] and list(warning.examples) == ["T9"]
    assert "1 of the 4 calibration transactions were scored by one evaluator" in warning.problem
    frame = read_calibration(tmp_path / "data" / "calibration.csv")
    result = calibration_check(frame)
    assert result.scored_once == ("T9",)
    row = _row(result.summary(), "customer_ce")
    assert row["n_transactions"] == 3 and row["n_left_out"] == 1
    assert set(result.deviation["evaluator"]) == {"E1", "E2"}
    # business_ce: only T9 has a flag, so without it nobody flags a business error
    assert _row(result.summary(), "business_ce")["reason"] == "no_variation"


def test_too_few_transactions_to_compare():
    table = evaluator_agreement(_long({"customer_ce": [[1, 0]]}))
    assert (table["verdict"] == "not_judged").all() and (table["reason"] == "too_few").all()


# --- the reader ---------------------------------------------------------------------------------


def test_the_reader_types_and_the_optional_code(tmp_path):
    text = "transaction_id,evaluator_id,customer_ce,business_ce,compliance_ce\nT1,E1,yes,0,0\n"
    frame = read_calibration(_write(tmp_path, "c.csv", text))
    assert list(frame.columns) == [
        "transaction_id",
        "evaluator_id",
        "customer_ce",
        "business_ce",
        "compliance_ce",
        "error_code",
    ]
    assert frame["customer_ce"].tolist() == [1] and frame["error_code"].isna().all()


def test_a_missing_column_names_file_and_column(tmp_path):
    path = _write(
        tmp_path,
        "c.csv",
        "transaction_id,evaluater,customer_ce,business_ce,compliance_ce\nT1,E1,0,0,0\n",
    )
    with pytest.raises(InputError) as info:
        read_calibration(path)
    (problem,) = info.value.problems
    assert problem.file == str(path) and problem.column == "evaluator_id"
    assert "did you mean 'evaluater'" in problem.fix


def test_a_flag_that_is_not_0_or_1_names_its_rows(tmp_path):
    text = CALIBRATION.replace("T2,E2,0,0,0,", "T2,E2,0,2,0,")
    path = _write(tmp_path, "c.csv", text)
    with pytest.raises(InputError) as info:
        read_calibration(path)
    (problem,) = info.value.problems
    assert problem.file == str(path) and problem.column == "business_ce"
    assert list(problem.rows) == [5] and "above the maximum 1" in problem.problem
    assert "write 1 or 0" in problem.fix


def test_a_transaction_scored_twice_by_one_evaluator_is_an_error(tmp_path):
    text = CALIBRATION + "T1,E1,0,0,0,\n"
    path = _write(tmp_path, "c.csv", text)
    with pytest.raises(InputError) as info:
        read_calibration(path)
    (problem,) = info.value.problems
    assert problem.file == str(path) and problem.column == "transaction_id, evaluator_id"
    assert list(problem.rows) == [2, 9]
    assert "duplicate rows for the same transaction_id, evaluator_id" in problem.problem
    assert problem.fix == "keep one row per transaction scored by one evaluator"
    assert list(problem.examples) == ["T1 | E1"]
    with pytest.raises(ValueError, match="T1/E1"):
        evaluator_agreement(pd.read_csv(path))
