"""The forecast accuracy report: sentences, tables and sections built from the result
objects of the analysis steps, on hand-checked frames and on the demo (checked against
arithmetic done here, straight from the CSV), and the notebook end to end."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from copcwb import forecast, staffing
from copcwb.forecast import ALL_QUEUES
from copcwb.i18n import catalog, text
from copcwb.options import ForecastOptions
from copcwb.session import SectionNumbers, Session
from copcwb.views import forecast as show
from copcwb.views.forecast import formats, tables
from copcwb.views.forecast import text as txt
from copcwb.views.forecast.show import DATA_CHECKS_REF

TZ = "Europe/Berlin"
SRC = Path(txt.__file__).parent


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


class FakeSession:
    """What the views use of a Session: language, catalog and section numbers."""

    section = Session.section
    number_of = Session.number_of

    def __init__(self, lang: str = "en") -> None:
        self.lang = lang
        self._numbers = SectionNumbers()

    def t(self, key: str, **values: object) -> str:
        return text(key, self.lang, **values)


@dataclass(frozen=True)
class Steps:
    """The results of the notebook's steps, run as the notebook runs them."""

    acc: forecast.LevelAccuracy
    floor: forecast.NoiseFloorResult
    patterns: forecast.QueuePatterns
    naive: forecast.NaiveComparison
    impact: staffing.StaffingImpactResult
    shrinkage: staffing.ShrinkageResult
    checks: forecast.DataChecks


def run_steps(wfm: pd.DataFrame, o: ForecastOptions) -> Steps:
    common = {"denominator": o.denominator, "min_actual": o.min_actual}
    return Steps(
        acc=forecast.accuracy_by_level(
            wfm, tolerances=o.tolerances, tolerance=o.tolerance, targets=o.hit_targets, **common
        ),
        floor=forecast.noise_floor_by_level(
            wfm, tolerances=o.tolerances, tolerance=o.tolerance, **common
        ),
        patterns=forecast.error_patterns_by_queue(wfm, tolerance=o.tolerance, **common),
        naive=forecast.naive_comparison(wfm, lag_days=o.naive_lag_days),
        impact=staffing.staffing_impact(wfm, target_sl=o.sl_target, threshold_s=o.sl_threshold_s),
        shrinkage=staffing.shrinkage_comparison(wfm),
        checks=forecast.data_checks(wfm),
    )


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


# --------------------------------------------------------------------------- phrasing


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
    assert formats.queue_label(ALL_QUEUES, t) == "All queues"
    assert formats.sl_target(0.8, 20.0) == {"target": "80%", "threshold": "20"}
    per_queue = formats.sl_target({"A": 0.9, "B": 0.8, "C": 0.9}, {"A": 20.0, "B": 30.0})
    assert per_queue == {"target": "80%/90%", "threshold": "20/30"}
    assert tables.no_negative_zero([-0.00001, -0.02], 3).tolist() == [0.0, -0.02]


def test_every_catalog_key_used_exists():
    cat = catalog("en")
    source = "".join(p.read_text(encoding="utf-8") for p in SRC.glob("*.py"))
    literal = set(re.findall(r'"(forecast\.[a-z_]+(?:\.[a-z_0-9]+)*)"', source))
    assert literal and literal <= set(cat), sorted(literal - set(cat))
    families = {
        "forecast.level.": forecast.LEVELS,
        "forecast.levels.": forecast.LEVELS,
        "forecast.measure.": forecast.MEASURES,
        "forecast.weekday.": [str(d) for d in range(7)],
        "forecast.weekday_short.": [str(d) for d in range(7)],
        "forecast.daypart.": [name for name, _, _ in forecast.DAYPARTS],
        "forecast.denominator.": ["actual", "forecast"],
        "forecast.methods.den_": ["actual", "forecast"],
        "forecast.problem.": ["duplicate", "missing"],
        "forecast.summary.noise_": ["split", "reachable", "limit"],
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
def small() -> Steps:
    return run_steps(two_week_frame(), ForecastOptions())


def test_small_table_problems_and_sentences(small):
    specs = tables.build_problem_tables(small.checks, t)
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
    assert txt.build_problem_sentence(small.checks, t, number="7") == [
        "The WFM data have 1 duplicate and 1 missing intervals (see section 7); duplicates "
        "are summed and missing intervals are left out."
    ]
    # No scheduled agents and no shrinkage: the headline says whose staffing it assumes,
    # and the summary says what the data cannot show.
    assert (
        "with staffing matched to the forecast" in txt.build_staffing_sentences(small.impact, t)[0]
    )
    assert tables.build_shrinkage_table(small.shrinkage, t) is None
    assert txt.build_not_available(small.acc, small.impact, small.shrinkage, t) == [
        "Not available from these data: the service level achieved with the scheduled agents "
        "(missing: scheduled_agents); shrinkage accuracy (missing: forecast_shrinkage and "
        "actual_shrinkage)."
    ]


def test_small_table_accuracy(small):
    rows = small.acc.table[small.acc.table["measure"] == "volume"]
    interval = rows[(rows["level"] == "interval") & (rows["queue"] == ALL_QUEUES)].iloc[0]
    # A: 28 intervals, the first summed with its duplicate (F 200, A 180: e = +11.1%); the
    # others F 100 against 90 (+11.1%) or 110 (-9.1%). B: 27 intervals, F 20 against 18
    # (+11.1%) or 22 (-9.1%). Hits at 10% = the 09:30 intervals: 14 of A and 13 of B.
    assert interval["n_periods"] == 55
    assert interval["hit_rate_10"] == pytest.approx(27 / 55)
    # WAPE = sum |F - A| / sum A: A: 20 + 13 x 10 + 14 x 10 = 290 over 180 + 13 x 90 +
    # 14 x 110 = 2890; B: 14 x 2 + 13 x 2 = 54 over 14 x 18 + 13 x 22 = 538.
    assert interval["wape"] == pytest.approx((290 + 54) / (2890 + 538))
    spec = tables.build_accuracy_table(small.acc, small.floor, "volume", t)
    assert spec.frame["queue"].tolist()[:3] == ["A", "B", "All queues"]
    # 14/28 and 13/27 of the intervals within 10%, against a target of 80%: missed
    assert spec.row_classes[:3] == ["missed", "missed", "missed"]
    assert "floor_10" in spec.frame and "floor_10" not in (
        tables.build_accuracy_table(small.acc, small.floor, "aht", t).frame
    )
    assert tables.build_accuracy_table(small.acc, small.floor, "aht", t).row_classes == []


def shown_page(monkeypatch) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    from copcwb import display

    shown: list[str] = []
    monkeypatch.setattr(display, "_show", lambda markup, metadata=None: shown.append(markup))
    return shown


def show_report(s: FakeSession, r: Steps) -> None:
    """Every section in the notebook's order, the summary last."""
    show.accuracy(s, r.acc, r.floor)
    show.patterns(s, r.patterns, r.acc, r.floor)
    show.naive(s, r.naive)
    show.staffing(s, r.impact)
    show.shrinkage(s, r.shrinkage)
    show.data_checks(s, r.checks)
    show.methods(s, acc=r.acc, checks=r.checks, naive=r.naive, impact=r.impact)
    show.executive_summary(
        s,
        checks=r.checks,
        acc=r.acc,
        floor=r.floor,
        patterns=r.patterns,
        naive=r.naive,
        impact=r.impact,
        shrinkage=r.shrinkage,
    )


def test_every_section_shows_on_a_table_without_schedule(small, monkeypatch):
    """The branches the demo does not take (no scheduled agents, no shrinkage, interval
    problems found) show without a missing catalog key; sections number themselves and
    the summary refers to the data checks by the number they got."""
    shown = shown_page(monkeypatch)
    s = FakeSession()
    show_report(s, small)
    page = "".join(shown)
    assert page.count("<img") == 5  # heat map, hourly, daily, distribution, staffing
    assert ">1 Accuracy by queue and level<" in page
    assert ">2.5 Largest misses<" in page and ">4.3 By hour of day<" in page
    assert ">7 Methods and definitions<" in page
    assert ">Executive summary<" in page  # unnumbered
    assert s.number_of(DATA_CHECKS_REF) == "6"
    assert "(see section 6)" in page
    assert t("forecast.shrinkage.none", columns="forecast_shrinkage and actual_shrinkage") in page
    assert t("forecast.staffing.no_schedule") in page
    assert "Wed 2026-03-04 09:30" in page  # the missing interval is listed
    assert "{" not in page.replace("{}", "")  # no unfilled placeholder
    figures = show.key_figures(
        s, acc=small.acc, floor=small.floor, naive=small.naive, impact=small.impact
    )
    assert set(figures) == {
        "wape_by_level",
        "hit_rate_by_level",
        "noise_floor",
        "mase",
        "staffing",
        "accuracy",
        "business_case",
        "actions",
    }


@pytest.mark.filterwarnings("ignore:Glyph .* missing from font")
@pytest.mark.parametrize(("lang", "phrase"), [("zh-Hant", "無法提供"), ("zh-Hans", "无法提供")])
def test_sections_in_chinese(small, monkeypatch, lang, phrase):
    shown = shown_page(monkeypatch)
    show_report(FakeSession(lang), small)
    page = "".join(shown)
    assert phrase in page
    assert "Not available" not in page and "Executive summary" not in page


def test_without_aht_the_report_says_so(monkeypatch):
    wfm = two_week_frame().drop(columns=["forecast_aht_s", "actual_aht_s"])
    acc = forecast.accuracy_by_level(wfm)
    floor = forecast.noise_floor_by_level(wfm)
    shown = shown_page(monkeypatch)
    show.accuracy(FakeSession(), acc, floor)
    page = "".join(shown)
    assert (
        "Average handle time (AHT): not available, the WFM data lack forecast_aht_s and "
        "actual_aht_s." in page
    )
    assert page.count("<table") == 1  # call volume only


# --------------------------------------------------------------------------- the demo


@pytest.fixture(scope="module")
def demo_session(demo_spec: Path):
    from copcwb import session

    return session.start("forecast_accuracy", demo_spec)


@pytest.fixture(scope="module")
def demo(demo_session) -> Steps:
    return run_steps(demo_session.read("wfm"), demo_session.options)


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
    level = demo.acc.levels("volume").set_index("level")
    assert level.loc["interval", "wape"] == pytest.approx(wape)
    assert level.loc["interval", "hit_rate_10"] == pytest.approx(hit)
    assert level.loc["day", "hit_rate_10"] == pytest.approx((day_e.abs() <= 0.10).mean())
    lines = txt.build_level_sentences(demo.acc, t)
    assert lines[0].startswith(f"Interval level: {hit:.1%} of queue-intervals")
    assert "(target missed)" in lines[0] and "(target met)" in lines[1]
    assert tables.build_level_table(demo.acc, demo.floor, t).row_classes[:2] == ["missed", "met"]


def test_demo_planted_effects_are_named(demo):
    # support_chat is over-forecast by about 4%; the outage day is the worst day.
    assert txt.build_bias_sentence(demo.acc, t)[0].startswith(
        "Largest bias by queue: support_chat is over-forecast by 4."
    )
    worst_day = txt.build_worst_day_sentence(demo.patterns.pooled, t)[0]
    assert "support_voice on Wednesday 2026-10-07" in worst_day
    noise = txt.build_noise_sentences(demo.acc, demo.floor, len(demo.checks.queues), t)
    assert noise[0].startswith("Random arrival of calls limits interval accuracy: a perfect")
    assert txt.build_naive_sentences(demo.naive, t)[0].startswith(
        "The forecast beats a seasonal naive"
    )


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
    block = demo.impact.worst
    assert (block.weekday, block.daypart) == (0, "morning")
    assert block.under_fte_hours == pytest.approx(short.sum())
    assert block.sl_short == pytest.approx(sl_short)
    assert block.by_queue["support_voice"] == pytest.approx(
        short[(mm["queue"] == "support_voice").to_numpy()].sum()
    )
    lines = txt.build_staffing_sentences(demo.impact, t)
    assert lines[0] == (
        f"Under-forecasting on Monday mornings cost about {short.sum():,.0f} FTE-hours and "
        f"put service level at {sl_short:.0%} (target 80% in 20 s)."
    )
    assert lines[0] == demo.impact.headline  # the analysis states it the same way
    assert lines[1].startswith("support_voice accounts for 329 of these FTE-hours.")


def test_demo_key_figures(demo, demo_session, demo_csv):
    figures = show.key_figures(
        demo_session, acc=demo.acc, floor=demo.floor, naive=demo.naive, impact=demo.impact
    )
    assert list(figures) == [
        "wape_by_level",
        "hit_rate_by_level",
        "noise_floor",
        "mase",
        "staffing",
        "accuracy",
        "business_case",
        "actions",
    ]
    assert figures["business_case"] == {} and figures["actions"] == []  # none given
    assert list(figures["wape_by_level"]) == ["interval", "day", "week", "month"]
    assert set(figures["staffing"]) == {"under_fte_hours", "over_fte_hours", "headline"}
    # 3 measures x 4 levels x (4 queues + all queues)
    rows = figures["accuracy"]
    assert len(rows) == 60
    assert list(rows.columns) == [
        "measure",
        "level",
        "queue",
        "n_periods",
        "n_excluded",
        "mape",
        "wape",
        "bias",
        "hit_rate_5",
        "hit_rate_10",
        "hit_rate_15",
        "floor_5",
        "floor_10",
        "floor_15",
    ]
    # The all-queue row of the staffing table is the recorded total, over every interval.
    queue_table = tables.build_staffing_queue_table(demo.impact, t).frame
    total = queue_table.iloc[-1]
    assert total["queue"] == "All queues"
    assert total["under_fte_hours"] == pytest.approx(figures["staffing"]["under_fte_hours"])
    assert total["under_fte_hours"] == pytest.approx(queue_table["under_fte_hours"][:-1].sum())
    assert total["n_intervals"] == len(demo_csv)


def test_demo_methods_name_the_zone_and_exclusions(demo):
    lines = txt.build_methods(demo.acc, demo.checks, demo.naive, demo.impact, t)
    joined = " ".join(lines)
    assert "Times are local to Asia/Taipei." in joined
    assert "no change of clock" in joined
    assert "out of 6,272 queue-intervals: 0 with zero actual calls" in joined
    assert "7 days earlier" in joined and "80% at T = 20 s" in joined
    assert "net of actual shrinkage" in joined


def test_heatmap_panels_and_colour_cap(demo):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from copcwb.views.forecast import plots

    panels = plots.heatmap_tables(demo.patterns, t)
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
    fig, cap = plots.heatmap_figure(demo.patterns, t)
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
    top = demo.patterns.recurring.iloc[0]
    assert (top["queue"], top["weekday"], top["daypart"]) == ("support_voice", 0, "morning")
    assert top["error"] == pytest.approx(f_sum - a_sum)
    assert txt.build_recurring_sentence(demo.patterns, t) == [
        "The largest miss by queue, weekday and part of the day: support_voice on Monday "
        f"mornings, under-forecast by {abs(f_sum - a_sum) / a_sum:.1%} summed over 8 weeks "
        f"({abs(f_sum - a_sum):,.0f} calls in all)."
    ]


# --------------------------------------------------------------------------- end to end


def html_of(run: Path) -> str:
    import nbformat

    nb = nbformat.read(run / "executed" / "forecast_accuracy.ipynb", as_version=4)
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    html = (run / "forecast_accuracy.html").read_text(encoding="utf-8")
    assert "Traceback" not in html and "Warning" not in html
    return html


@pytest.mark.slow
def test_notebook_end_to_end(demo_spec: Path, demo_csv: pd.DataFrame, tmp_path: Path):
    from copcwb.runner import run_engagement

    result = run_engagement(demo_spec, tmp_path / "out", notebooks=["forecast_accuracy"])
    assert result.status == "completed"
    run = Path(result.run_dir)
    html = html_of(run)
    summary = html.index(">Executive summary<")
    assert summary < html.index(">1 Data profile<") < html.index(">10 Methods and definitions<")
    for phrase in (
        "Under-forecasting on Monday mornings cost about 428 FTE-hours",
        "a perfect forecast would still hit only",
        "The forecast beats a seasonal naive forecast",
        "None found",
    ):
        assert phrase in html, phrase
    assert "Not available" not in html  # the demo has every optional column
    figures = json.loads((run / "results.json").read_text(encoding="utf-8"))
    got = figures["notebooks"]["forecast_accuracy"]["figures"]
    err = (demo_csv["forecast_volume"] - demo_csv["actual_volume"]).abs().sum()
    assert got["wape_by_level"]["interval"] == pytest.approx(err / demo_csv["actual_volume"].sum())
    assert got["staffing"]["headline"].startswith("Under-forecasting on Monday mornings")
    assert {"noise_floor", "mase", "hit_rate_by_level", "accuracy"} <= set(got)


@pytest.mark.slow
def test_notebook_without_optional_columns_and_hourly_intervals(demo_spec: Path, tmp_path):
    """A WFM export with neither scheduled agents nor shrinkage, in hourly intervals: every
    cell runs and the report says what is not available."""
    import shutil

    from copcwb.runner import run_engagement

    folder = tmp_path / "eng"
    shutil.copytree(demo_spec.parent, folder)
    w = pd.read_csv(folder / "data" / "wfm.csv")
    start = pd.to_datetime(w["interval_start"])
    w = w.assign(
        interval_start=start.dt.floor("60min"),
        forecast_work=w["forecast_volume"] * w["forecast_aht_s"],
        actual_work=w["actual_volume"] * w["actual_aht_s"],
    )
    hourly = w.groupby(["queue", "interval_start"], as_index=False)[
        ["forecast_volume", "actual_volume", "forecast_work", "actual_work"]
    ].sum()
    hourly["forecast_aht_s"] = hourly.pop("forecast_work") / hourly["forecast_volume"]
    hourly["actual_aht_s"] = hourly.pop("actual_work") / hourly["actual_volume"]
    hourly["interval_start"] = hourly["interval_start"].map(lambda ts: ts.isoformat())
    hourly.insert(2, "interval_minutes", 60)
    hourly.to_csv(folder / "data" / "wfm.csv", index=False)
    result = run_engagement(
        folder / "engagement.yaml", tmp_path / "out", notebooks=["forecast_accuracy"]
    )
    assert result.status == "completed"
    html = html_of(Path(result.run_dir))
    assert "over 3,136 intervals of 60 minutes" in html  # 6,272 half-hours / 2
    assert t("forecast.staffing.no_schedule") in html
    assert "Not available from these data: the service level achieved with the scheduled" in html
    assert "the WFM data lack forecast_shrinkage and actual_shrinkage" in html
    figures = json.loads((Path(result.run_dir) / "results.json").read_text(encoding="utf-8"))
    got = figures["notebooks"]["forecast_accuracy"]["figures"]
    assert "with staffing matched to the forecast" in got["staffing"]["headline"]
