"""Process or people: funnel limits, the homogeneity test, the share between agents."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from copcwb import quality
from copcwb.quality import funnel
from copcwb.quality.agents import between_share


def binomial_cdf(k: int, n: int, p: float) -> float:
    return sum(math.comb(n, i) * p**i * (1 - p) ** (n - i) for i in range(k + 1))


def quantile(q: float, n: int, p: float) -> int:
    """The smallest k with P(X <= k) >= q, from the binomial formula."""
    return next(k for k in range(n + 1) if binomial_cdf(k, n, p) >= q - 1e-12)


def qa_table(program: str, agents: dict[str, tuple[int, int]], kind: str = "process") -> list:
    """QA rows: agent -> (transactions, customer-critical errors)."""
    rows = []
    for agent, (n, errors) in agents.items():
        for i in range(n):
            rows.append(
                {
                    "transaction_id": f"{program}-{agent}-{i}",
                    "program": program,
                    "monitoring_type": kind,
                    "agent_id": agent,
                    "customer_ce": int(i < errors),
                    "business_ce": 0,
                    "compliance_ce": 0,
                    "error_code": "CE-X" if i < errors else None,
                }
            )
    return rows


def test_funnel_limits_by_hand():
    # Binomial(20, 0.1): P(X <= 5) = 0.9887 is the first CDF value >= 0.975, P(X <= 7) =
    # 0.9996 the first >= 0.999, and P(X <= 0) = 0.1216 >= 0.025: the 95% limits are 0/20
    # and 5/20, the 99.8% limits 0/20 and 7/20.
    assert binomial_cdf(4, 20, 0.1) < 0.975 <= binomial_cdf(5, 20, 0.1)
    assert binomial_cdf(6, 20, 0.1) < 0.999 <= binomial_cdf(7, 20, 0.1)
    low, high = funnel.limits(np.array([20]), 0.1, 0.95)
    assert (low[0], high[0]) == (0.0, 5 / 20)
    low, high = funnel.limits(np.array([20]), 0.1, 0.998)
    assert (low[0], high[0]) == (0.0, 7 / 20)
    # 8 errors of 20 exceed the 99.8% upper count of 7; 7 do not
    assert list(funnel.flags(np.array([8, 7, 0]), np.array([20, 20, 20]), 0.1)) == [
        "above",
        None,
        None,
    ]
    # with 400 transactions at 10% the lower 99.8% count is above 0: quantile(0.001) = 22
    assert funnel.limit_counts(np.array([400]), 0.1, 0.998)[0][0] == quantile(0.001, 400, 0.1)


def test_homogeneity_test_is_scipys_chi_square():
    agents = {"A1": (40, 2), "A2": (40, 3), "A3": (40, 12), "A4": (30, 1), "A5": (50, 4)}
    result = quality.agent_variation(pd.DataFrame(qa_table("P", agents)))
    row = result.table.iloc[0]
    table = np.array([[e, n - e] for n, e in agents.values()])
    chi2, p_val, df, _ = stats.chi2_contingency(table, correction=False)
    assert row["chi2"] == pytest.approx(chi2) and row["p_val"] == pytest.approx(p_val)
    assert row["df"] == df == 4
    assert row["rate"] == pytest.approx(22 / 200)
    # A3: 12 of 40 at p = 0.11 is above the 99.8% limit
    flagged = result.agents.set_index("agent")["flag"]
    assert flagged["A3"] == "above" and flagged.drop("A3").isna().all()
    assert row["n_above"] == 1 and row["above_error_share"] == pytest.approx(12 / 22)
    assert row["verdict"] == "people"  # the agent above makes 55% of the errors
    assert list(result.coaching()["agent"]) == ["A3"]


def test_between_agent_share_by_hand():
    # n = (100, 100), errors (5, 15): p = 0.1, p(1 - p) = 0.09, w = 100 / 0.09 = 1111.1 each;
    # Q = 1111.1 x (0.05^2 + 0.05^2) = 5.5556; S1 = 2222.2, S2 / S1 = 1111.1; tau2 = (5.5556
    # - 1) / 1111.1 = 0.0041; share = 0.0041 / (0.0041 + 0.09) = 0.0041 / 0.0941 = 0.04357
    share = between_share(np.array([5.0, 15.0]), np.array([100.0, 100.0]))
    tau2 = (100 / 0.09 * 2 * 0.05**2 - 1) / (100 / 0.09)
    assert share == pytest.approx(tau2 / (tau2 + 0.09))
    assert share == pytest.approx(0.04357, abs=1e-5)
    # agents no more different than chance: tau2 truncated at 0
    assert between_share(np.array([10.0, 10.0]), np.array([100.0, 100.0])) == 0.0


def test_one_process_rate_for_every_agent():
    agents = {f"A{i}": (50, 5) for i in range(12)}
    row = quality.agent_variation(pd.DataFrame(qa_table("P", agents))).table.iloc[0]
    assert row["verdict"] == "process" and row["n_above"] == 0
    assert row["chi2"] == pytest.approx(0.0) and row["between_agent_share"] == 0.0


def test_a_single_agent_or_no_error_is_not_judged():
    one = quality.agent_variation(pd.DataFrame(qa_table("P", {"A1": (30, 3)}))).table.iloc[0]
    assert (one["verdict"], one["reason"]) == ("not_judged", "one_agent")
    assert np.isnan(one["p_val"])
    none = quality.agent_variation(pd.DataFrame(qa_table("P", {"A1": (30, 0), "A2": (20, 0)})))
    row = none.table.iloc[0]
    assert (row["verdict"], row["reason"]) == ("not_judged", "no_errors")
    assert row["rate"] == 0.0


def test_process_and_individual_monitoring_never_pooled_unless_asked():
    rows = qa_table("P", {"A1": (40, 2), "A2": (40, 2)})
    rows += qa_table("P", {"A1": (10, 9)}, kind="individual")  # coaching a weak call mix
    rows += qa_table("P", {"A2": (10, 10)}, kind="targeted")
    qa = pd.DataFrame(rows)
    process = quality.agent_variation(qa)
    assert process.monitoring == ("process",)
    assert process.table.iloc[0]["n_transactions"] == 80
    assert process.table.iloc[0]["rate"] == pytest.approx(4 / 80)
    both = quality.agent_variation(qa, monitoring=("process", "individual"))
    assert both.table.iloc[0]["n_transactions"] == 90
    with pytest.raises(ValueError, match="targeted"):
        quality.agent_variation(qa, monitoring="all")


def test_error_codes_by_signature():
    # CE-SPREAD: 2 errors for each of 20 agents of 40; CE-FEW: 12 errors for 2 of them
    rows = []
    for i in range(20):
        agent = f"A{i:02d}"
        for j in range(40):
            code = "CE-SPREAD" if j < 2 else ("CE-FEW" if i < 2 and j < 14 else None)
            rows.append(
                {
                    "program": "P",
                    "monitoring_type": "process",
                    "agent_id": agent,
                    "customer_ce": int(code is not None),
                    "business_ce": 0,
                    "compliance_ce": 0,
                    "error_code": code,
                }
            )
    codes = quality.agent_variation(pd.DataFrame(rows)).codes.set_index("error_code")
    assert codes.loc["CE-SPREAD", "signature"] == "spread"
    assert codes.loc["CE-SPREAD", "n_agents_with_code"] == 20
    assert codes.loc["CE-FEW", "signature"] == "concentrated"
    assert codes.loc["CE-FEW", "top3_share"] == 1.0 and codes.loc["CE-FEW", "n_occurrences"] == 24


def test_codes_of_another_type_on_the_same_record_are_left_to_their_type():
    # CE-X on customer errors; BE-Y on business errors, two of them on records that have a
    # customer error too: BE-Y is on business-error records always, customer ones 2 of 6
    rows = qa_table("P", {"A1": (20, 4), "A2": (20, 4)})
    for r in rows:
        if r["customer_ce"]:
            r["business_ce"] = 1 if r["transaction_id"].endswith(("-0",)) else 0
            r["error_code"] = "CE-X;BE-Y" if r["business_ce"] else "CE-X"
        elif r["transaction_id"].endswith(("-10", "-11")):
            r["business_ce"], r["error_code"] = 1, "BE-Y"
    frame = pd.DataFrame(rows)
    customer = quality.agent_variation(frame).codes
    business = quality.agent_variation(frame, error_type="business").codes
    assert list(customer["error_code"]) == ["CE-X"]
    assert list(business["error_code"]) == ["BE-Y"]


def test_the_report_states_what_it_cannot_judge():
    from copcwb.i18n import text
    from copcwb.views.baseline.people import headline, summary_sentence

    def t(key, **values):
        return text(key, "en", **values)

    frame = pd.DataFrame(
        qa_table("Solo", {"A1": (30, 3)}) + qa_table("Clean", {"B1": (20, 0), "B2": (20, 0)})
    )
    people = quality.process_or_people(frame)
    rows = {r.program: r for r in people.by_type["customer"].table.itertuples(index=False)}
    assert headline(rows["Solo"], t) == (
        "Customer-critical errors in Solo: one agent only, so process and people cannot be "
        "told apart."
    )
    assert "none in the monitored transactions" in headline(rows["Clean"], t)
    # nothing judged: 0 of 0 pairs
    assert summary_sentence(people, t).startswith("Process or people: of 0 program and error-type")
    assert quality.process_or_people(None) is None
    assert quality.process_or_people(frame.assign(monitoring_type="targeted")) is None


def test_pseudonyms_are_keyed_and_stable():
    from copcwb.pseudonyms import pseudonym, pseudonyms

    keyed = pseudonyms(["A0112", "A0174", "A0112"], "Agent ", key=b"k")
    assert keyed == {
        "A0112": pseudonym("A0112", b"k", "Agent "),
        "A0174": pseudonym("A0174", b"k", "Agent "),
    }
    assert keyed["A0112"] != keyed["A0174"] and "0112" not in keyed["A0112"]
    assert pseudonyms(["x", "y"], "Agent ") == {"x": "Agent 01", "y": "Agent 02"}
    # HMAC-SHA256(b"k", b"A0112"), first 6 hex digits, computed with the standard library
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"A0112", hashlib.sha256).hexdigest()[:6].upper()
    assert keyed["A0112"] == f"Agent {expected}"
