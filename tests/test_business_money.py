"""The money of the business case, against arithmetic written out here.

Sources: the telecom case of the seeds (``seeds/002_*``, DOMAIN.md "Money and owners"):
contact resolution 66% -> 80% removed 17.5% of 68.57 M calls a year, 12.0 M calls,
worth $53.3 M at $4.44 a call; the Erlang C check values of DOMAIN.md (A = 10 erlangs,
T = 20 s, AHT = 180 s: 13 agents give SL 0.7956, 14 give 0.8884).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from copcwb import business
from copcwb.business.workload import average_reduction, fte
from copcwb.business_options import BusinessSettings, CsatValue


def erlang_c_sl(n: int, a: float, t: float, aht: float) -> float:
    """Erlang C service level written out from the textbook formula (DOMAIN.md)."""
    top = a**n / math.factorial(n) * n / (n - a)
    pw = top / (sum(a**k / math.factorial(k) for k in range(n)) + top)
    return 1 - pw * math.exp(-(n - a) * t / aht)


def fewest_agents(a: float, target: float = 0.80, t: float = 20.0, aht: float = 180.0) -> int:
    n = math.floor(a) + 1
    while erlang_c_sl(n, a, t, aht) < target:
        n += 1
    return n


# -- the seed's arithmetic -----------------------------------------------------------


def test_resolution_value_reproduces_the_telecom_case():
    # 1 - 0.66 / 0.80 = 0.175; 68.57 M x 0.175 = 11.99975 M calls; x $4.44 = $53.279 M
    rv = business.resolution_value(68.57e6, 0.66, 0.80, cost_per_contact=4.44)
    assert rv.share_removed == pytest.approx(0.175)
    assert rv.avoidable_contacts == pytest.approx(11.99975e6)
    assert round(rv.avoidable_contacts / 1e6, 1) == 12.0
    assert rv.value == pytest.approx(11.99975e6 * 4.44)
    assert round(rv.value / 1e6, 1) == 53.3
    # contacts per issue: 1 / 0.66 = 1.515 now, 1 / 0.80 = 1.25 at the target
    assert rv.contacts_per_issue_now == pytest.approx(1.5151515)
    assert rv.contacts_per_issue_target == pytest.approx(1.25)


def test_resolution_value_without_cost_and_with_target_met():
    assert business.resolution_value(1000, 0.7, 0.8).value is None
    met = business.resolution_value(1000, 0.85, 0.80, cost_per_contact=5.0)
    assert met.avoidable_contacts == 0.0 and met.value == 0.0


@pytest.mark.parametrize(
    "args", [(-1, 0.6, 0.8), (100, 0.0, 0.8), (100, 0.6, 1.2), (float("nan"), 0.6, 0.8)]
)
def test_resolution_value_refuses_impossible_inputs(args):
    with pytest.raises(ValueError):
        business.resolution_value(*args)


# -- Erlang C: the check values, then the workload freed ------------------------------


def test_the_written_out_erlang_c_matches_the_domain_check_values():
    assert erlang_c_sl(13, 10.0, 20.0, 180.0) == pytest.approx(0.7956, abs=5e-5)
    assert erlang_c_sl(14, 10.0, 20.0, 180.0) == pytest.approx(0.8884, abs=5e-5)
    assert fewest_agents(10.0) == 14


def test_average_open_hour_reduction():
    # 876,000 calls over 4,380 open hours = 200 calls an hour; x 180 s / 3600 s = 10 erlangs,
    # which need 14 agents for 80/20 (DOMAIN check). Halving the calls gives 5 erlangs.
    staffing = average_reduction(876_000, 0.5, 180.0, 4380.0, target_sl=0.80, threshold_s=20.0)
    freed = 14 - fewest_agents(5.0)
    assert staffing.method == "average"
    assert staffing.agents == freed
    assert staffing.hours_per_year == freed * 4380.0
    # FTE: hours / (1 - 0.25) / 1,800 paid hours
    assert fte(staffing.hours_per_year, 1800.0, 0.25) == pytest.approx(freed * 4380 / 0.75 / 1800)


def _wfm(on_phone: list[float], calls: float = 100.0, days: int = 1) -> pd.DataFrame:
    """Half-hour intervals of 100 calls of 180 s (A = 10 erlangs, 14 agents for 80/20)."""
    n = len(on_phone)
    starts = pd.date_range("2026-09-07 08:00", periods=n, freq="30min", tz="Asia/Taipei")
    if days > 1:
        starts = starts.append(pd.DatetimeIndex([starts[0] + pd.Timedelta(days=days - 1)]))
        on_phone = [*on_phone, 14.0]
        n += 1
    return pd.DataFrame(
        {
            "queue": ["billing"] * n,
            "interval_start": starts,
            "interval_minutes": [30] * n,
            "forecast_volume": [calls] * n,
            "actual_volume": [calls] * n,
            "forecast_aht_s": [180.0] * n,
            "actual_aht_s": [180.0] * n,
            "scheduled_agents": on_phone,
        }
    )


def _over_invested(program: str = "Billing", value: float = 0.95):
    """A SpendList-like result naming one over-invested service level."""
    from copcwb.baseline.spend import OVER_INVEST, SpendList

    row = {"program": program, "metric": "service_level", "label": "Service level"}
    row |= {"category": "service", "value": value, "target": 0.80, "gap_pct": value / 0.8 - 1}
    row |= {"action": OVER_INVEST, "trend": "stable", "deteriorating": False, "note": ""}
    row |= {"rank": 1, "unit": "share"}
    return SpendList(table=pd.DataFrame([row]), threshold=0.10)


def _economics(wfm: pd.DataFrame, **settings) -> business.Economics:
    base = {"queues": {"Billing": ["billing"]}, "shrinkage": 0.25}
    base |= {"paid_hours_per_fte": 1800.0, "loaded_cost_per_fte": 45000.0}
    return business.economics(BusinessSettings(**(base | settings)), ["Billing"], wfm=wfm)


def test_release_on_a_hand_computed_case():
    # two intervals with 17 agents on the phones where 14 meet 80/20: 3 agents x 0.5 h x 2
    # = 3 agent-hours spare in one day; a year = 3 x 365.25 = 1,095.75 h; FTE = 1,095.75 /
    # (1 - 0.25) / 1,800 = 0.811667; money = x 45,000 = 36,525.
    wfm = _wfm([17.0, 17.0])
    eco = _economics(wfm)
    impact = business.staffing_at_target(wfm, eco)
    release = business.over_investment(_over_invested(), eco, impact=impact, wfm=wfm)
    row = release.table.iloc[0]
    assert row["surplus_hours"] == pytest.approx(3.0)
    assert row["short_hours"] == pytest.approx(0.0)
    assert row["agents"] == pytest.approx(3.0)
    assert row["hours_per_year"] == pytest.approx(1095.75)
    assert row["fte"] == pytest.approx(1095.75 / 0.75 / 1800)
    assert row["value_money"] == pytest.approx(1095.75 / 0.75 / 1800 * 45000)
    assert row["placeholders"] == ""  # every figure given by the engagement


def test_release_covers_the_short_intervals_first():
    # 17 agents (3 spare, 1.5 h) then 12 agents (2 short, 1 h): 0.5 agent-hours releasable
    wfm = _wfm([17.0, 12.0])
    eco = _economics(wfm)
    impact = business.staffing_at_target(wfm, eco)
    row = business.over_investment(_over_invested(), eco, impact=impact, wfm=wfm).table.iloc[0]
    assert (row["surplus_hours"], row["short_hours"]) == pytest.approx((1.5, 1.0))
    assert row["hours_per_year"] == pytest.approx(0.5 * 365.25)


def test_release_without_wfm_or_schedule_says_why():
    wfm = _wfm([17.0, 17.0]).drop(columns="scheduled_agents")
    eco = _economics(wfm)
    impact = business.staffing_at_target(wfm, eco)
    row = business.over_investment(_over_invested(), eco, impact=impact, wfm=wfm).table.iloc[0]
    assert row["basis"] == "no_schedule" and np.isnan(row["value_money"])
    none = business.over_investment(_over_invested(), _economics(wfm), impact=None, wfm=None)
    assert none.table.iloc[0]["basis"] == "no_wfm"


def test_interval_reduction_scales_to_the_annual_volume():
    # two half-hour intervals of 100 calls in one day: the export carries 200 x 365.25 =
    # 73,050 calls a year. At that annual volume k = 1: every interval A = 10 erlangs -> 14
    # agents, half the calls (A = 5) -> fewest_agents(5); freed x 0.5 h x 2 a day, x 365.25.
    from copcwb.business.workload import interval_reduction

    wfm = _wfm([17.0, 17.0])
    same = interval_reduction(wfm, 0.5, 73_050, target_sl=0.80, threshold_s=20.0)
    freed = 14 - fewest_agents(5.0)
    assert same.agents == pytest.approx(freed)
    assert same.hours_per_year == pytest.approx(freed * 0.5 * 2 * 365.25)
    # twice the annual volume: k = 2, A = 20 erlangs now and 10 after
    double = interval_reduction(wfm, 0.5, 146_100, target_sl=0.80, threshold_s=20.0)
    freed = fewest_agents(20.0) - 14
    assert double.agents == pytest.approx(freed)
    assert double.hours_per_year == pytest.approx(freed * 0.5 * 2 * 365.25)


# -- the resolution case of a program -----------------------------------------------


def test_resolution_case_of_one_program_by_hand():
    # 205,000 contacts a year, resolution 0.64 now against 0.75: 1 - 0.64/0.75 = 0.146667,
    # 30,066.67 contacts avoidable; x $6.52 = $196,034.67; workload x 554.3 s / 3600.
    card = pd.DataFrame(
        {
            "program": ["Sales", "Sales", "Sales"],
            "metric": ["fcr_7d", "cost_per_contact", "aht_s"],
            "value": [0.64, 6.52, 554.3],
            "target": [0.75, 5.0, 300.0],
        }
    )
    settings = BusinessSettings(annual_volume={"Sales": 205_000}, currency="USD")
    eco = business.economics(settings, ["Sales"], scorecard=card)
    rates = business.resolution_rates(None, card)
    volumes = business.annual_volumes(["Sales"], settings)
    case = business.resolution_case(rates, volumes, eco)
    row = case.table.iloc[0]
    assert row["volume_source"] == "engagement" and row["rate_source"] == "kpis"
    assert row["avoidable_contacts"] == pytest.approx(205_000 * (1 - 0.64 / 0.75))
    assert row["value"] == pytest.approx(205_000 * (1 - 0.64 / 0.75) * 6.52)
    assert row["value_basis"] == "cost_per_contact" and row["placeholders"] == ""
    assert row["workload_hours"] == pytest.approx(205_000 * (1 - 0.64 / 0.75) * 554.3 / 3600)
    assert row["staffing_method"] == "average"  # no WFM: the average open hour
    # the FTE rest on the placeholders (loaded cost, paid hours, open hours, shrinkage)
    assert "loaded_cost_per_fte" in row["fte_placeholders"]
    assert "open_hours_per_year" in row["fte_placeholders"]
    # the report writes the arithmetic out: 30,066.67 -> "30,067", $196,034.67 -> "196,035"
    from copcwb.i18n import text
    from copcwb.views.business.text import case_lines

    line = case_lines(case, lambda key, **v: text(key, "en", **v))[0]
    assert line.startswith(
        "Sales: 205,000 contacts a year × (1 − 64.0% / 75.0%) = 14.7% of them, 30,067 "
        "contacts avoidable. (The annual volume is the engagement's figure.) At 6.52 a "
        "contact that is USD 196,035 a year."
    )


def test_resolution_case_skips_what_it_cannot_price():
    card = pd.DataFrame(
        {
            "program": ["A", "B"],
            "metric": ["fcr_7d"] * 2,
            "value": [0.6, 0.6],
            "target": [0.75, np.nan],
        }
    )
    eco = business.economics(BusinessSettings(), ["A", "B"], scorecard=card)
    case = business.resolution_case(
        business.resolution_rates(None, card), business.annual_volumes(["A", "B"]), eco
    )
    assert case.table.empty
    assert dict(zip(case.skipped["program"], case.skipped["reason"], strict=True)) == {
        "A": "no contact volume",
        "B": "no resolution target",
    }


def test_annual_volume_from_a_contact_log():
    # 30 contacts of program A over 10 calendar days (first to last day, both counted):
    # 30 x 365.25 / 10 = 1,095.75 a year
    days = pd.date_range("2026-09-01", "2026-09-10", freq="D")
    log = pd.DataFrame(
        {
            "contact_id": [f"K{i}" for i in range(30)],
            "customer_id": [f"C{i}" for i in range(30)],
            "program": ["A"] * 30,
            "channel": ["voice"] * 30,
            "start_time": list(days) * 3,
        }
    )
    volumes = business.annual_volumes(["A", "B"], contacts=log)
    assert volumes.set_index("program").loc["A", "annual_volume"] == pytest.approx(1095.75)
    assert volumes.set_index("program").loc["B", "source"] == "none"


# -- economics: where each figure comes from ------------------------------------------


def test_economics_sources_in_order():
    card = pd.DataFrame(
        {"program": ["A"], "metric": ["cost_per_contact"], "value": [5.66], "target": [5.0]}
    )
    settings = BusinessSettings(loaded_cost_per_fte={"A": 52_000.0})
    eco = business.economics(settings, ["A"], scorecard=card)
    assert (eco.value("A", "cost_per_contact"), eco.source("A", "cost_per_contact")) == (
        5.66,
        "kpis",
    )
    assert eco.source("A", "loaded_cost_per_fte") == "engagement"
    assert eco.source("A", "paid_hours_per_fte") == "placeholder"
    assert eco.source("A", "aht_s") == "none"  # never a placeholder AHT
    assert eco.hourly_cost("A") == pytest.approx(52_000 / 1800)


# -- the cost of forecast error ---------------------------------------------------------


def test_forecast_error_cost_by_hand():
    # one queue, 10 over-staffed and 4 under-staffed agent-hours over 7 days; shrinkage
    # 0.2, $45,000 a year over 1,800 paid hours = $25 an hour. Over: 10 / 0.8 x 25 =
    # 312.5; under: 4 / 0.8 x 25 = 125; a year: x 365.25 / 7.
    class Impact:
        by_queue = pd.DataFrame(
            {"queue": ["q1"], "over_fte_hours": [10.0], "under_fte_hours": [4.0]}
        )

    wfm = pd.DataFrame(
        {
            "queue": ["q1", "q1"],
            "interval_start": pd.to_datetime(["2026-09-01 08:00", "2026-09-07 20:00"]),
        }
    )
    settings = BusinessSettings(
        shrinkage=0.2, loaded_cost_per_fte=45_000.0, paid_hours_per_fte=1800
    )
    eco = business.economics(settings, ["q1"])
    cost = business.forecast_error_cost(Impact(), wfm, eco)
    row = cost.table.iloc[0]
    assert row["hourly_cost"] == pytest.approx(25.0)
    assert row["over_cost"] == pytest.approx(312.5)
    assert row["under_cost"] == pytest.approx(125.0)
    assert cost.over_cost_per_year == pytest.approx(312.5 * 365.25 / 7)
    assert row["placeholders"] == ""


# -- the value of a CSAT fix -------------------------------------------------------------


class _WhatIf:
    def __init__(self, changes):
        self.table = pd.DataFrame(
            {
                "scenario": [f"fix {v}" for v in changes],
                "variable": list(changes),
                "kind": ["driver"] * len(changes),
                "top_box_change": list(changes.values()),
                "top_box_ci_low": [c / 2 for c in changes.values()],
            }
        )

    def gains(self):
        return self.table[self.table["top_box_ci_low"] > 0]


def test_csat_value_stays_in_points_without_a_value():
    values = business.csat_fix_value(_WhatIf({"reliability": 0.136}), CsatValue())
    row = values.table.iloc[0]
    assert row["points"] == pytest.approx(13.6) and np.isnan(row["value"])
    assert not values.has_value


def test_csat_value_per_point_and_per_retained_customer():
    # 13.6 points x 25,000 a point = 340,000
    per_point = business.csat_fix_value(
        _WhatIf({"reliability": 0.136}), CsatValue(per_point=25_000)
    )
    assert per_point.table.iloc[0]["value"] == pytest.approx(340_000)
    # 13.6 points x 120 customers a point x 300 a customer = 489,600
    worth = CsatValue(per_retained_customer=300, customers_per_point=120)
    kept = business.csat_fix_value(_WhatIf({"reliability": 0.136}), worth)
    assert kept.table.iloc[0]["value"] == pytest.approx(489_600)
    assert kept.table.iloc[0]["basis"] == "per_retained_customer"


def test_csat_value_needs_its_conversion():
    with pytest.raises(ValueError, match="customers_per_point"):
        CsatValue(per_retained_customer=300)


def _summary_lines(release_rows: list[dict], lang: str = "en") -> list[str]:
    """The executive summary's money lines for a release table of ``release_rows``."""
    from types import SimpleNamespace

    import pandas as pd

    from copcwb.business.release import RELEASE_COLUMNS, Release
    from copcwb.i18n import text as catalog_text
    from copcwb.views.business.show import money_lines

    def t(key: str, **values: object) -> str:
        return catalog_text(key, lang, **values)

    t.lang = lang  # the language the views read from a catalog function
    business = SimpleNamespace(currency="USD")
    session = SimpleNamespace(t=t, engagement=SimpleNamespace(business=business))
    table = pd.DataFrame([{c: row.get(c) for c in RELEASE_COLUMNS} for row in release_rows])
    return money_lines(session, release=Release(table, economics=None))


def test_the_summary_says_plainly_when_no_agent_can_be_released():
    # Two programs beat a service target, but the hours above the need are all used in the
    # intervals short of agents: 0 FTE, so "none", not "0.0 FTE ..., USD 0 a year".
    rows = [
        {"program": "North", "fte": 0.0, "value_money": 0.0, "placeholders": ""},
        {"program": "South", "fte": 0.01, "value_money": 540.0, "placeholders": ""},
    ]
    (line,) = _summary_lines(rows)
    assert line.startswith("What need not be spent: none.") and "North, South" in line
    (line,) = _summary_lines(rows, "zh-Hant")
    assert line.startswith("不必花的錢：無。") and "North、South" in line
    # 0.5 + 1.5 = 2.0 FTE: the figure and the money are stated.
    rows = [
        {"program": "North", "fte": 0.5, "value_money": 27_000.0, "placeholders": ""},
        {"program": "South", "fte": 1.5, "value_money": 81_000.0, "placeholders": ""},
    ]
    (line,) = _summary_lines(rows)
    assert "2.0 FTE" in line and "108,000" in line
