"""The forecast accuracy report: pooled figures, sentences and tables built from
hand-checked frames and from the demo (checked against arithmetic done here, straight
from the CSV), and the notebook end to end."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from copcwb import forecast
from copcwb.i18n import catalog, text
from copcwb.options import ForecastOptions
from copcwb.views.forecast import findings as fnd
from copcwb.views.forecast import formats, show, tables
from copcwb.views.forecast import text as txt

TZ = "Europe/Berlin"
SRC = Path(fnd.__file__).parent


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


def frame(rows: list[tuple]) -> pd.DataFrame:
    """A WFM table from (queue, local start, forecast, actual) rows, 30-minute intervals,
    AHT 300 s."""
    out = pd.DataFrame(
        rows, columns=["queue", "interval_start", "forecast_volume", "actual_volume"]
    )
    out["interval_start"] = pd.DatetimeIndex(out["interval_start"]).tz_localize(TZ)
    out.insert(2, "interval_minutes", np.full(len(out), 30, dtype=np.int64))
    out["forecast_aht_s"] = 300.0
    out["actual_aht_s"] = 300.0
    return out


# Queue A: F=110 A=100 (e = +0.10, a hit at 10% exactly), F=80 A=100 (e = -0.20).
# Queue B: F=10 A=0 (zero actual: out of MAPE and hit rate, in WAPE and bias),
#          F=50 A=40 (e = +0.25).
SMALL = [
    ("A", "2026-03-02 09:00", 110.0, 100.0),
    ("A", "2026-03-02 09:30", 80.0, 100.0),
    ("B", "2026-03-02 09:00", 10.0, 0.0),
    ("B", "2026-03-02 09:30", 50.0, 40.0),
]


# --------------------------------------------------------------------------- pooling


def test_pooled_accuracy_by_hand():
    errors = forecast.period_errors(frame(SMALL), level="interval")
    got = fnd.pooled_accuracy(errors, (0.10, 0.25))
    # WAPE = (10 + 20 + 10 + 10) / (100 + 100 + 0 + 40) = 50 / 240
    assert got["wape"] == pytest.approx(50 / 240)
    # bias = (10 - 20 + 10 + 10) / 240 = 10 / 240
    assert got["bias"] == pytest.approx(10 / 240)
    # MAPE over the three included intervals: (0.10 + 0.20 + 0.25) / 3
    assert got["mape"] == pytest.approx(0.55 / 3)
    # hits at 10%: only e = +0.10; at 25%: all three
    assert got["hit_rate_10"] == pytest.approx(1 / 3)
    assert got["hit_rate_25"] == pytest.approx(1.0)
    assert (got["n_periods"], got["n_excluded"]) == (4, 1)


def test_pooled_accuracy_keeps_queues_apart():
    # Summed per interval the two queues would net out: 09:00 F=120 A=100 and 09:30
    # F=130 A=140. Pooled, each queue's error counts on its own (see above): WAPE 50/240,
    # not (20 + 10) / 240.
    center = forecast.accuracy(frame(SMALL), level="interval", by=())
    errors = forecast.period_errors(frame(SMALL), level="interval")
    pooled = fnd.pooled_accuracy(errors, (0.10,))
    assert center["wape"].iloc[0] == pytest.approx(30 / 240)
    assert pooled["wape"] == pytest.approx(50 / 240)


def test_pooled_accuracy_with_forecast_denominator():
    errors = forecast.period_errors(frame(SMALL), level="interval", denominator="forecast")
    got = fnd.pooled_accuracy(errors, (0.10,), "forecast")
    # WAPE = 50 / (110 + 80 + 10 + 50) = 50 / 250; e = 10/110, -20/80, 10/50 (B 09:00 has
    # A = 0 and stays out); hits at 10%: 10/110 = 0.0909 only.
    assert got["wape"] == pytest.approx(50 / 250)
    assert got["mape"] == pytest.approx((10 / 110 + 20 / 80 + 10 / 50) / 3)
    assert got["hit_rate_10"] == pytest.approx(1 / 3)


def test_pooled_floor_and_naive_weight_by_periods():
    floor = pd.DataFrame(
        {
            "queue": ["A", "B"],
            "level": "interval",
            "tolerance": 0.1,
            "n_periods": [100, 300],
            "hit_rate": [0.4, 0.2],
            "floor": [0.5, 0.3],
        }
    )
    got = fnd.pooled_floor(floor).iloc[0]
    # (100 x 0.5 + 300 x 0.3) / 400 = 140 / 400; hit (40 + 60) / 400
    assert got["floor"] == pytest.approx(0.35)
    assert got["hit_rate"] == pytest.approx(0.25)
    assert got["n_periods"] == 400
    naive = pd.DataFrame(
        {
            "n_periods": [10, 30],
            "mae_forecast": [2.0, 4.0],
            "mae_naive": [4.0, 4.0],
            "n_days": [5, 15],
            "share_days_beating_naive": [0.2, 0.6],
        }
    )
    pooled = fnd.pooled_naive(naive)
    # MASE = (10 x 2 + 30 x 4) / (10 x 4 + 30 x 4) = 140 / 160; days (1 + 9) / 20
    assert pooled["mase"] == pytest.approx(0.875)
    assert pooled["share_days_beating_naive"] == pytest.approx(0.5)


def test_clock_changes_counted_on_the_calendar():
    berlin = pd.Series(pd.date_range("2026-03-28", "2026-03-30", freq="h", tz=TZ))
    assert fnd.clock_changes(berlin) == 1  # summer time starts 2026-03-29
    year = pd.Series(pd.DatetimeIndex(["2026-01-05 09:00", "2026-12-07 09:00"]).tz_localize(TZ))
    assert fnd.clock_changes(year) == 2  # March and October, though no row falls on them
    taipei = pd.Series(pd.date_range("2026-03-01", "2026-11-01", freq="D", tz="Asia/Taipei"))
    assert fnd.clock_changes(taipei) == 0


# --------------------------------------------------------------------------- phrasing


@pytest.mark.parametrize(
    ("hit", "floor", "target", "case", "noise", "fixable"),
    [
        (0.43, 0.49, 0.80, "split", 0.31, 0.06),  # 37 points: 31 noise + 6 forecast error
        (0.60, 0.85, 0.80, "reachable", 0.0, 0.20),
        (0.50, 0.45, 0.80, "limit", 0.30, 0.0),
        (0.85, 0.90, 0.80, "met", 0.0, 0.0),
    ],
)
def test_noise_split(hit, floor, target, case, noise, fixable):
    got_case, gap, got_noise, got_fixable = txt.noise_split(hit, floor, target)
    assert got_case == case
    assert got_noise == pytest.approx(noise)
    assert got_fixable == pytest.approx(fixable)
    assert gap == pytest.approx(max(0.0, target - hit))


def test_formats():
    assert formats.signed_share(-0.0163) == "-1.6%"
    assert formats.signed_share(0.0402) == "+4.0%"
    assert formats.signed_share(-0.00001) == "+0.0%"
    assert formats.tolerance(0.1) == "10%"
    assert formats.tolerance(0.025) == "2.5%"
    assert formats.hours(427.5) == "428"
    assert formats.hours(2.0) == "2.0"
    assert formats.join(["a", "b", "c"], t) == "a, b and c"
    assert formats.direction(-0.0004, t) == "no bias"
    assert formats.direction(-0.02, t) == "under-forecast"
    assert formats.queue_label(fnd.ALL_QUEUES, t) == "All queues"
    assert tables.no_negative_zero([-0.00001, -0.02], 3).tolist() == [0.0, -0.02]


def test_every_catalog_key_used_exists():
    cat = catalog("en")
    source = "".join(p.read_text(encoding="utf-8") for p in SRC.glob("*.py"))
    literal = set(re.findall(r'"(forecast\.[a-z_]+(?:\.[a-z_0-9]+)*)"', source))
    assert literal and literal <= set(cat), sorted(literal - set(cat))
    families = {
        "forecast.level.": fnd.LEVELS,
        "forecast.levels.": fnd.LEVELS,
        "forecast.measure.": fnd.MEASURES,
        "forecast.weekday.": [str(d) for d in range(7)],
        "forecast.weekday_short.": [str(d) for d in range(7)],
        "forecast.daypart.": ["night", "morning", "afternoon", "evening"],
        "forecast.denominator.": ["actual", "forecast"],
        "forecast.methods.den_": ["actual", "forecast"],
        "forecast.problem.": ["duplicate", "missing"],
    }
    for prefix, names in families.items():
        for name in names:
            assert prefix + name in cat
    assert all(
        k.startswith("forecast.")
        for k in json.loads(
            (SRC.parents[1] / "i18n" / "en" / "forecast.json").read_text(encoding="utf-8")
        )
    )


# --------------------------------------------------------------------------- small table


def two_week_frame() -> pd.DataFrame:
    """Queues A and B, 09:00 and 09:30 on 14 days from Monday 2026-03-02: forecast 100 / 20
    calls, actual 90 on even-numbered intervals and 110 on odd (20% of that for B); a
    duplicate of A's first interval and no row for B on Wednesday 2026-03-04 09:30."""
    rows = []
    for day in pd.date_range("2026-03-02", periods=14, freq="D"):
        for minute in (0, 30):
            start = day + pd.Timedelta(hours=9, minutes=minute)
            for queue, scale in (("A", 1.0), ("B", 0.2)):
                actual = (90.0 if minute == 0 else 110.0) * scale
                rows.append((queue, str(start), 100.0 * scale, actual))
    rows.append(rows[0])
    rows = [r for r in rows if not (r[0] == "B" and r[1] == "2026-03-04 09:30:00")]
    return frame(rows)


@pytest.fixture(scope="module")
def small() -> fnd.Findings:
    return fnd.analyse_frame(two_week_frame(), ForecastOptions(), TZ)


def test_small_table_problems_and_sentences(small):
    specs = tables.build_problem_tables(small, t)
    assert specs is not None
    summary, listing = specs
    assert summary.frame.to_dict("records") == [
        {"queue": "A", "problem": "Duplicate", "n_problems": 1},
        {"queue": "B", "problem": "Missing", "n_problems": 1},
    ]
    assert listing.frame["period_start"].tolist() == [
        "Mon 2026-03-02 09:00",
        "Wed 2026-03-04 09:30",
    ]
    assert txt.build_problem_sentence(small, t, number="8") == [
        "The WFM data have 1 duplicate and 1 missing intervals (see section 8); duplicates "
        "are summed and missing intervals are left out."
    ]
    # No scheduled agents and no shrinkage: the headline says whose staffing it assumes.
    assert "with staffing matched to the forecast" in txt.build_staffing_sentences(small, t)[0]
    assert tables.build_shrinkage_table(small, t) is None


def test_small_table_accuracy(small):
    rows = tables.accuracy_rows(small, "volume")
    interval = rows[(rows["level"] == "interval") & (rows["queue"] == fnd.ALL_QUEUES)].iloc[0]
    # A: 28 intervals, the first summed with its duplicate (F 200, A 180: e = +11.1%); the
    # others F 100 against 90 (+11.1%) or 110 (-9.1%). B: 27 intervals, F 20 against 18
    # (+11.1%) or 22 (-9.1%). Hits at 10% = the 09:30 intervals: 14 of A and 13 of B.
    assert interval["n_periods"] == 55
    assert interval["hit_rate_10"] == pytest.approx(27 / 55)
    # WAPE = sum |F - A| / sum A: A: 20 + 13 x 10 + 14 x 10 = 290 over 180 + 13 x 90 +
    # 14 x 110 = 2890; B: 14 x 2 + 13 x 2 = 54 over 14 x 18 + 13 x 22 = 538.
    assert interval["wape"] == pytest.approx((290 + 54) / (2890 + 538))
    levels = [formats.queue_label(q, t) for q in rows["queue"]]
    assert levels[:3] == ["A", "B", "All queues"]
    spec = tables.build_accuracy_table(small, "volume", t)
    assert spec.row_classes[:3] == ["missed", "missed", "missed"]
    assert tables.build_accuracy_table(small, "aht", t).row_classes == []


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo(demo_spec: Path) -> fnd.Findings:
    from copcwb import session

    return fnd.analyse(session.start("forecast_accuracy", demo_spec))


@pytest.fixture(scope="module")
def demo_csv(demo_spec: Path) -> pd.DataFrame:
    out = pd.read_csv(demo_spec.parent / "data" / "wfm.csv")
    out["local"] = pd.to_datetime(out["interval_start"].str[:19])  # +08:00 wall clock
    return out


def test_demo_level_figures_from_the_csv(demo, demo_csv):
    w = demo_csv
    err = w["forecast_volume"] - w["actual_volume"]
    # Pooled interval level straight from the rows (no zero actuals in the demo).
    wape = err.abs().sum() / w["actual_volume"].sum()
    hit = ((err / w["actual_volume"]).abs() <= 0.10 + 1e-12).mean()
    day = w.groupby(["queue", w["local"].dt.date])[["forecast_volume", "actual_volume"]].sum()
    day_e = (day["forecast_volume"] - day["actual_volume"]) / day["actual_volume"]
    level = demo.level_accuracy("volume").set_index("level")
    assert level.loc["interval", "wape"] == pytest.approx(wape)
    assert level.loc["interval", "hit_rate_10"] == pytest.approx(hit)
    assert level.loc["day", "hit_rate_10"] == pytest.approx((day_e.abs() <= 0.10).mean())
    lines = txt.build_level_sentences(demo, t)
    assert lines[0].startswith(f"Interval level: {hit:.1%} of queue-intervals")
    assert "(target missed)" in lines[0] and "(target met)" in lines[1]
    assert tables.build_level_table(demo, t).row_classes[:2] == ["missed", "met"]


def test_demo_planted_effects_are_named(demo):
    # support_chat is over-forecast by about 4%; the outage day is the worst day.
    assert txt.build_bias_sentence(demo, t)[0].startswith(
        "Largest bias by queue: support_chat is over-forecast by 4."
    )
    assert "support_voice on Wednesday 2026-10-07" in txt.build_worst_day_sentence(demo, t)[0]
    noise = txt.build_noise_sentences(demo, t)
    assert noise[0].startswith("Random arrival of calls limits interval accuracy: a perfect")
    assert txt.build_naive_sentences(demo, t)[0].startswith("The forecast beats a seasonal naive")


def direct_sl(n: int, load: float, aht: float, threshold: float = 20.0) -> float:
    # DOMAIN.md: Pw = [A^N/N! N/(N-A)] / [sum_{k<N} A^k/k! + A^N/N! N/(N-A)], in logs
    if n <= load:
        return 0.0
    logs = [k * math.log(load) - math.lgamma(k + 1) for k in range(n + 1)]
    top = max(logs)
    terms = [math.exp(x - top) for x in logs]
    last = terms[n] * n / (n - load)
    pw = last / (sum(terms[:n]) + last)
    return 1.0 - pw * math.exp(-(n - load) * threshold / aht)


def direct_required(calls: float, aht: float, target: float = 0.80) -> int:
    load = calls * aht / 1800.0
    if load == 0:
        return 0
    n = math.floor(load) + 1
    while direct_sl(n, load, aht) < target:
        n += 1
    return n


def test_demo_staffing_headline_by_hand(demo, demo_csv):
    # Monday mornings (06:00-12:00 local; the queues open at 08:00): 8 Mondays x 8
    # half-hours x 4 queues = 256 intervals. Agents for 80% in 20 s from forecast calls
    # x forecast AHT and from actual calls x actual AHT; short = (actual - forecast) agents
    # x 0.5 h where positive.
    w = demo_csv
    mm = w[(w["local"].dt.day_of_week == 0) & (w["local"].dt.hour < 12)]
    assert len(mm) == 256
    need_f = np.array(
        [
            direct_required(c, a)
            for c, a in zip(mm["forecast_volume"], mm["forecast_aht_s"], strict=True)
        ]
    )
    need_a = np.array(
        [
            direct_required(c, a)
            for c, a in zip(mm["actual_volume"], mm["actual_aht_s"], strict=True)
        ]
    )
    short = np.maximum(need_a - need_f, 0) * 0.5
    assert short.sum() == pytest.approx(427.5)  # 329.0 of it on support_voice
    # Service level of the short-staffed intervals with the agents on the phones:
    # floor(scheduled x (1 - actual shrinkage)), weighted by actual calls.
    on_phone = np.floor(mm["scheduled_agents"] * (1 - mm["actual_shrinkage"]) + 1e-9).astype(int)
    under = need_a > need_f
    sl = np.array(
        [
            direct_sl(n, c * a / 1800.0, a)
            for n, c, a in zip(on_phone, mm["actual_volume"], mm["actual_aht_s"], strict=True)
        ]
    )
    calls = mm["actual_volume"].to_numpy()
    sl_short = (sl[under] * calls[under]).sum() / calls[under].sum()
    block = fnd.worst_block(demo.staffing, demo.calls)
    assert (block.weekday, block.daypart) == (0, "morning")
    assert block.under_fte_hours == pytest.approx(short.sum())
    assert block.sl_short == pytest.approx(sl_short)
    assert block.by_queue["support_voice"] == pytest.approx(
        short[(mm["queue"] == "support_voice").to_numpy()].sum()
    )
    lines = txt.build_staffing_sentences(demo, t)
    assert lines[0] == (
        f"Under-forecasting on Monday mornings cost about {short.sum():,.0f} FTE-hours and "
        f"put service level at {sl_short:.0%} (target 80% in 20 s)."
    )
    assert lines[0] == demo.staffing.headline  # the analysis states it the same way
    assert lines[1].startswith("support_voice accounts for 329 of these FTE-hours.")


def test_demo_key_figures(demo, demo_csv):
    figures = show.key_figures(demo, t)
    assert set(figures) == {
        "wape_by_level",
        "hit_rate_by_level",
        "noise_floor",
        "mase",
        "staffing",
        "accuracy",
    }
    assert list(figures["wape_by_level"]) == ["interval", "day", "week", "month"]
    assert set(figures["staffing"]) == {"under_fte_hours", "over_fte_hours", "headline"}
    # 3 measures x 4 levels x (4 queues + all queues)
    assert len(figures["accuracy"]) == 60
    # The totals of the staffing table's all-queue row are those of the analysis.
    total = tables.staffing_totals(demo)
    assert total["under_fte_hours"] == pytest.approx(figures["staffing"]["under_fte_hours"])
    assert total["n_intervals"] == len(demo_csv)


def test_demo_methods_name_the_zone_and_exclusions(demo):
    lines = txt.build_methods(demo, t)
    joined = " ".join(lines)
    assert "Times are local to Asia/Taipei." in joined
    assert "no change of clock" in joined
    assert "out of 6,272 queue-intervals: 0 with zero actual calls" in joined
    assert "7 days earlier" in joined and "80% at T = 20 s" in joined


# --------------------------------------------------------------------------- end to end


@pytest.mark.slow
def test_notebook_end_to_end(demo_spec: Path, demo_csv: pd.DataFrame, tmp_path: Path):
    import nbformat

    from copcwb.runner import run_engagement

    result = run_engagement(demo_spec, tmp_path / "out", notebooks=["forecast_accuracy"])
    assert result.status == "completed"
    run = Path(result.run_dir)
    nb = nbformat.read(run / "executed" / "forecast_accuracy.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    html = (run / "forecast_accuracy.html").read_text(encoding="utf-8")
    summary = html.index("1 Executive summary")
    assert summary < html.index("2 Data profile") < html.index("9 Methods and definitions")
    for phrase in (
        "Under-forecasting on Monday mornings cost about 428 FTE-hours",
        "a perfect forecast would still hit only",
        "The forecast beats a seasonal naive forecast",
        "None found",
    ):
        assert phrase in html, phrase
    assert "Traceback" not in html and "Warning" not in html
    figures = json.loads((run / "results.json").read_text(encoding="utf-8"))
    got = figures["notebooks"]["forecast_accuracy"]["figures"]
    err = (demo_csv["forecast_volume"] - demo_csv["actual_volume"]).abs().sum()
    assert got["wape_by_level"]["interval"] == pytest.approx(err / demo_csv["actual_volume"].sum())
    assert got["staffing"]["headline"].startswith("Under-forecasting on Monday mornings")
    assert {"noise_floor", "mase", "hit_rate_by_level", "accuracy"} <= set(got)


# --------------------------------------------------------------------------- sections


def test_every_section_shows_on_a_table_without_schedule(small, monkeypatch):
    """The branches the demo does not take (no scheduled agents, no shrinkage, interval
    problems found) show without a missing catalog key, and record the key figures."""
    import matplotlib

    matplotlib.use("Agg")
    from types import SimpleNamespace

    from copcwb import display

    shown: list[str] = []
    recorded: dict[str, object] = {}
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    monkeypatch.setattr(show, "record", lambda name, value: recorded.update({name: value}))
    s = SimpleNamespace(t=t)
    show.show_executive_summary(s, small, number="1", checks_number="8")
    show.show_accuracy(s, small, number="3")
    show.show_patterns(s, small, number="4")
    show.show_naive(s, small, number="5")
    show.show_staffing(s, small, number="6")
    show.show_shrinkage(s, small, number="7")
    show.show_data_checks(s, small, number="8")
    show.show_methods(s, small, number="9")
    show.record_key_figures(s, small)
    page = "".join(shown)
    assert page.count("<img") == 5  # heat map, hourly, daily, distribution, staffing
    assert t("forecast.shrinkage.none") in page
    assert t("forecast.staffing.no_schedule") in page
    assert "Wed 2026-03-04 09:30" in page  # the missing interval is listed
    assert "{" not in page.replace("{}", "")  # no unfilled placeholder
    assert set(recorded) == {
        "wape_by_level",
        "hit_rate_by_level",
        "noise_floor",
        "mase",
        "staffing",
        "accuracy",
    }


def test_heatmap_panels_and_colour_cap(demo):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from copcwb.views.forecast import plots

    panels = plots.heatmap_tables(demo, t)
    # All queues, then the four queues by actual volume, largest first.
    assert [name for name, _ in panels] == [
        "All queues",
        "support_voice",
        "billing_voice",
        "support_chat",
        "sales_voice",
    ]
    assert all(tb.shape == (7, 28) for _, tb in panels)  # 08:00 .. 21:30
    # support_voice on Monday 08:00-11:30 is under-forecast (planted: forecast x 0.85).
    monday = panels[1][1].loc[0, "08:00":"11:30"]
    assert (monday < -0.05).all()
    fig, cap = plots.heatmap_figure(demo, t)
    assert fig._suptitle.get_text() == t("forecast.heatmap.title")
    assert cap >= 0.05
    plt.close(fig)


def test_demo_largest_block_is_the_planted_monday_morning(demo, demo_csv):
    # support_voice, Mondays 08:00-11:30 local: forecast and actual summed straight from
    # the CSV over the 8 Mondays.
    w = demo_csv
    block = w[
        (w["queue"] == "support_voice")
        & (w["local"].dt.day_of_week == 0)
        & (w["local"].dt.hour < 12)
    ]
    f_sum, a_sum = block["forecast_volume"].sum(), block["actual_volume"].sum()
    top = txt.recurring_misses(demo).iloc[0]
    assert (top["queue"], top["weekday"], top["daypart"]) == ("support_voice", 0, "morning")
    assert top["error"] == pytest.approx(f_sum - a_sum)
    assert txt.build_recurring_sentence(demo, t) == [
        "The largest miss by queue, weekday and part of the day: support_voice on Monday "
        f"mornings, under-forecast by {abs(f_sum - a_sum) / a_sum:.1%} summed over 8 weeks "
        f"({abs(f_sum - a_sum):,.0f} calls in all)."
    ]
