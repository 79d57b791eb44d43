"""Half-hourly WFM forecast and actuals per queue, with planted forecast errors."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from copcwb.synth._rng import Calendar
from copcwb.synth._spec import QUEUES, UTC_OFFSET

INTERVAL_MINUTES = 30
OPEN_HOUR, CLOSE_HOUR = 8, 22
_QUEUE_NAMES = tuple(q for q, _, _ in QUEUES)

#                 billing_voice, support_voice, sales_voice, support_chat
DAILY_VOLUME = dict(zip(_QUEUE_NAMES, (1800, 2600, 600, 1200), strict=True))
DAY_FACTOR = (1.25, 1.10, 1.05, 1.00, 0.95, 0.70, 0.55)  # Monday .. Sunday
FORECAST_NOISE = dict(zip(_QUEUE_NAMES, (0.05, 0.06, 0.10, 0.07), strict=True))  # log sd
FORECAST_BIAS = {"support_chat": 1.04}
MONDAY_MORNING_BIAS = ("support_voice", 0.85, 12)  # queue, factor, until this hour
OUTAGE = (("support_voice", "support_chat"), 1.6, 10, 16)  # queues, factor, from, to hour
FORECAST_AHT = dict(zip(_QUEUE_NAMES, (360.0, 540.0, 600.0, 480.0), strict=True))
AHT_BIAS = {"support_voice": 1.04}
FORECAST_SHRINKAGE = dict(zip(_QUEUE_NAMES, (0.30, 0.32, 0.28, 0.30), strict=True))
SERVICE_GOAL = {  # target service level, threshold seconds
    "billing_voice": (0.95, 20.0),
    "support_voice": (0.80, 20.0),
    "sales_voice": (0.80, 20.0),
    "support_chat": (0.80, 60.0),
}


def _profile(hours: np.ndarray, channel: str) -> np.ndarray:
    """Intraday arrival profile over the open intervals (sums to 1)."""
    if channel == "chat":
        w = (
            0.4
            + np.exp(-(((hours - 12.5) / 1.8) ** 2))
            + 1.2 * np.exp(-(((hours - 20.0) / 1.5) ** 2))
        )
    else:
        w = (
            0.3
            + np.exp(-(((hours - 10.5) / 1.5) ** 2))
            + 0.85 * np.exp(-(((hours - 14.5) / 2) ** 2))
        )
    return w / w.sum()


def erlang_agents(
    calls: np.ndarray, aht_s: np.ndarray, interval_s: float, target: float, threshold_s: float
) -> np.ndarray:
    """Fewest agents with Erlang C service level >= target, for each interval (vectorized).

    A = calls * aht / interval; Erlang B by recursion B_n = A B_{n-1} / (n + A B_{n-1}),
    C_n = n B_n / (n - A (1 - B_n)), SL = 1 - C_n exp(-(n - A) T / aht), valid for n > A.
    """
    a = np.asarray(calls, float) * np.asarray(aht_s, float) / interval_s
    need = np.zeros(len(a), dtype=np.int64)
    b = np.ones(len(a))
    n_max = int(np.ceil(a.max())) + 60 if len(a) else 0
    for n in range(1, n_max + 1):
        b = a * b / (n + a * b)
        with np.errstate(divide="ignore", invalid="ignore"):
            c = n * b / (n - a * (1.0 - b))
            sl = 1.0 - c * np.exp(-(n - a) * threshold_s / aht_s)
        ok = (n > a) & (sl >= target) & (need == 0)
        need[ok] = n
        if (need > 0).all():
            break
    return need


@dataclass(frozen=True)
class QueuePlan:
    """How one queue's intervals are drawn: mean daily volume (before the day-of-week
    factor), log sd of the forecast error, forecast bias factor, a (factor, until hour)
    Monday-morning forecast bias, an unforecast (day index, factor, from hour, to hour)
    surge in actual volume, forecast AHT in seconds, actual/forecast AHT factor, forecast
    shrinkage and the (service level, threshold seconds) the schedule is sized for."""

    queue: str
    channel: str
    daily_volume: float
    noise: float
    aht_s: float
    shrinkage: float
    goal: tuple[float, float]
    bias: float = 1.0
    monday: tuple[float, float] | None = None
    surge: tuple[int, float, float, float] | None = None
    aht_bias: float = 1.0


@dataclass(frozen=True)
class Clock:
    """The open half-hours of a run of whole days, as arrays over the intervals."""

    n_days: int
    per_day: int
    dow: np.ndarray
    hour: np.ndarray
    day_idx: np.ndarray
    iso: np.ndarray

    @classmethod
    def build(cls, start: pd.Timestamp, end: pd.Timestamp) -> Clock:
        """The open intervals of the days from ``start`` up to (not including) ``end``."""
        days = pd.date_range(start, end - pd.Timedelta(days=1), freq="D")
        per_day = (CLOSE_HOUR - OPEN_HOUR) * 60 // INTERVAL_MINUTES
        minutes = OPEN_HOUR * 60 + INTERVAL_MINUTES * np.arange(per_day)
        offsets = pd.to_timedelta(minutes, unit="min")
        starts = (days.to_numpy()[:, None] + offsets.to_numpy()[None, :]).ravel()
        stamp = pd.DatetimeIndex(starts)
        return cls(
            n_days=len(days),
            per_day=per_day,
            dow=stamp.day_of_week.to_numpy(),
            hour=stamp.hour.to_numpy() + stamp.minute.to_numpy() / 60.0,
            day_idx=np.repeat(np.arange(len(days)), per_day),
            iso=stamp.strftime("%Y-%m-%dT%H:%M:%S").to_numpy(dtype=object) + UTC_OFFSET,
        )


def queue_intervals(rng: np.random.Generator, plan: QueuePlan, clock: Clock) -> pd.DataFrame:
    """One queue's intervals, columns as :func:`generate` returns them, drawn as ``plan``
    says (day level, forecast error, Poisson actuals, AHT, shrinkage; Erlang C schedule)."""
    dow, hour, day_idx = clock.dow, clock.hour, clock.day_idx
    n = len(dow)
    interval_s = INTERVAL_MINUTES * 60.0
    day_level = np.exp(rng.normal(0.0, 0.04, clock.n_days))[day_idx]
    slot = _profile(hour[: clock.per_day] + INTERVAL_MINUTES / 120.0, plan.channel)
    rate = plan.daily_volume * np.asarray(DAY_FACTOR)[dow] * np.tile(slot, clock.n_days) * day_level
    forecast = rate * np.exp(rng.normal(0.0, plan.noise, n))
    forecast *= plan.bias
    if plan.monday is not None:
        factor, until = plan.monday
        forecast = np.where((dow == 0) & (hour < until), forecast * factor, forecast)
    if plan.surge is not None:
        day, boost, h_from, h_to = plan.surge
        rate = np.where((day_idx == day) & (hour >= h_from) & (hour < h_to), rate * boost, rate)
    actual = rng.poisson(rate).astype(float)

    f_aht = plan.aht_s * (1.0 + 0.05 * np.sin((hour - OPEN_HOUR) / 14 * np.pi))
    a_aht = (
        f_aht * plan.aht_bias * np.exp(rng.normal(0.0, 0.5, n) / np.sqrt(np.maximum(actual, 1.0)))
    )
    a_aht = np.where(actual > 0, a_aht, 0.0)

    f_shr = np.full(n, plan.shrinkage)
    a_shr = f_shr + 0.01 + 0.03 * (dow == 0) + rng.normal(0.0, 0.03, n)
    a_shr = np.clip(a_shr, 0.10, 0.60)

    target, threshold = plan.goal
    agents = erlang_agents(np.round(forecast, 2), np.round(f_aht, 1), interval_s, target,
                           threshold)  # fmt: skip
    scheduled = np.ceil(agents / (1.0 - f_shr))
    return pd.DataFrame(
        {
            "queue": plan.queue,
            "interval_start": clock.iso,
            "interval_minutes": np.full(n, INTERVAL_MINUTES, dtype=np.int64),
            "forecast_volume": np.round(forecast, 2),
            "actual_volume": actual,
            "forecast_aht_s": np.round(f_aht, 1),
            "actual_aht_s": np.round(a_aht, 1),
            "scheduled_agents": scheduled.astype(float),
            "forecast_shrinkage": np.round(f_shr, 3),
            "actual_shrinkage": np.round(a_shr, 3),
        }
    )


def _plan(queue: str, channel: str, outage_day: int) -> QueuePlan:
    """The demo's plan of one queue (its planted biases, outage and service goal)."""
    mq, factor, until = MONDAY_MORNING_BIAS
    queues_hit, boost, h_from, h_to = OUTAGE
    return QueuePlan(
        queue=queue,
        channel=channel,
        daily_volume=DAILY_VOLUME[queue],
        noise=FORECAST_NOISE[queue],
        aht_s=FORECAST_AHT[queue],
        shrinkage=FORECAST_SHRINKAGE[queue],
        goal=SERVICE_GOAL[queue],
        bias=FORECAST_BIAS.get(queue, 1.0),
        monday=(factor, until) if queue == mq else None,
        surge=(outage_day, boost, h_from, h_to) if queue in queues_hit else None,
        aht_bias=AHT_BIAS.get(queue, 1.0),
    )


def generate(rng: np.random.Generator, cal: Calendar) -> pd.DataFrame:
    """WFM intervals with columns queue, interval_start (ISO 8601 with +08:00),
    interval_minutes, forecast_volume, actual_volume, forecast_aht_s, actual_aht_s,
    scheduled_agents, forecast_shrinkage, actual_shrinkage."""
    clock = Clock.build(cal.wfm_start, cal.wfm_end)
    outage_day = min(5, cal.weeks - 1) * 7 + 2  # Wednesday of week 6 (or of the last week)
    frames = [
        queue_intervals(rng, _plan(queue, channel, outage_day), clock)
        for queue, _program, channel in QUEUES
    ]
    out = pd.concat(frames, ignore_index=True)
    return out.sort_values(["queue", "interval_start"], kind="stable").reset_index(drop=True)
