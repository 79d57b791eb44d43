"""Erlang C: service level, speed of answer, occupancy and agents needed.

Offered load A = calls x AHT / interval length (erlangs), N agents, threshold T seconds:

    Pw  = [A^N/N! * N/(N-A)] / [sum_{k<N} A^k/k! + A^N/N! * N/(N-A)]   (chance a call waits)
    SL  = 1 - Pw * exp(-(N - A) T / AHT)
    ASA = Pw * AHT / (N - A),   occupancy = A / N

A^N/N! is never formed: Pw comes from the Erlang B recursion B(0) = 1,
B(k) = A B(k-1) / (k + A B(k-1)) and Pw = N B / (N - A (1 - B)), which is stable for
thousands of agents. The array functions start the recursion at B(N0) from the closed form
B(N, A) = poisson.pmf(N, A) / poisson.cdf(N, A), computed in log space (or, up to 64
agents, from the recursion itself run over all intervals at once).

**Overload.** Erlang C has a steady state only when N > A. With N <= A (and calls to answer)
the queue grows without bound: the scalar functions then return the limiting values
(service level 0, ASA infinite, occupancy 1, Pw 1) *and* emit :class:`OverloadWarning`; the
array functions return the same values together with a boolean ``overloaded`` array;
:func:`erlang_c_metrics` reports it in its ``overloaded`` field. :func:`is_overloaded` asks
the question directly. With no load (no calls, or zero AHT) the service level is 1 and
nothing is overloaded, whatever the number of agents.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import special

# ceil(N / (1 - shrinkage)) is taken after removing this much, so that 7 / 0.7 (which is
# 10.000000000000002 in binary floating point) gives 10 agents and not 11.
_CEIL_SLACK = 1e-9
# erlang_b_array runs the recursion up to this many agents, and uses the closed form above.
_RECURSION_MAX_AGENTS = 64


class OverloadWarning(UserWarning):
    """Agents do not exceed the offered load: Erlang C has no steady state (SL taken as 0)."""


# ----------------------------------------------------------------------------- checks


def check_number(name: str, value: float, *, positive: bool = False) -> float:
    """``value`` as a float; ValueError naming ``name`` unless it is finite and >= 0
    (> 0 with ``positive``)."""
    try:
        x = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {value!r}") from None
    if not math.isfinite(x) or x < 0 or (positive and x == 0):
        need = "> 0" if positive else ">= 0"
        raise ValueError(f"{name} must be a finite number {need}; got {value!r}")
    return x


def _whole(name: str, value: float) -> int:
    x = check_number(name, value)
    if x != math.floor(x):
        raise ValueError(
            f"{name} must be a whole number; got {value!r}. Round a fractional head count "
            "down (math.floor) to the agents actually available."
        )
    return int(x)


def check_target(target_sl: float) -> float:
    """``target_sl`` as a float; ValueError unless it is a share strictly between 0 and 1."""
    t = check_number("target_sl", target_sl)
    if not 0 < t < 1:
        raise ValueError(f"target_sl must be a share between 0 and 1 such as 0.80; got {t!r}")
    return t


def offered_load(calls: float, aht_s: float, interval_s: float) -> float:
    """Offered load in erlangs: calls x AHT / interval length."""
    calls = check_number("calls", calls)
    aht_s = check_number("aht_s", aht_s)
    interval_s = check_number("interval_s", interval_s, positive=True)
    return calls * aht_s / interval_s


# ----------------------------------------------------------------------------- scalars


def erlang_b(agents: int, load: float) -> float:
    """Blocking probability of Erlang B with ``agents`` servers and ``load`` erlangs."""
    n = _whole("agents", agents)
    a = check_number("load", load)
    b = 1.0
    for k in range(1, n + 1):
        b = a * b / (k + a * b)
    return b


def erlang_c(agents: int, load: float) -> float:
    """Probability that a call waits (Pw); 1.0 when overloaded (agents <= load > 0)."""
    n = _whole("agents", agents)
    a = check_number("load", load)
    if a == 0:
        return 0.0
    if n <= a:
        return 1.0
    b = erlang_b(n, a)
    return n * b / (n - a * (1.0 - b))


@dataclass(frozen=True)
class ErlangCResult:
    """Erlang C figures of one interval.

    ``overloaded`` is True when agents <= load (with calls): then p_wait is 1,
    service_level 0, asa_s infinite and occupancy 1 (limits, not steady-state values).
    """

    agents: int
    calls: float
    aht_s: float
    interval_s: float
    threshold_s: float
    load_erlangs: float
    p_wait: float
    service_level: float
    asa_s: float
    occupancy: float
    overloaded: bool

    def summary(self) -> pd.DataFrame:
        """One row with every field as a column."""
        return pd.DataFrame([asdict(self)])


def erlang_c_metrics(
    agents: int, calls: float, aht_s: float, interval_s: float, threshold_s: float
) -> ErlangCResult:
    """Every Erlang C figure of one interval, overload flagged in the result (no warning)."""
    n = _whole("agents", agents)
    a = offered_load(calls, aht_s, interval_s)
    t = check_number("threshold_s", threshold_s)
    if a == 0:
        pw, sl, asa, occ, over = 0.0, 1.0, 0.0, 0.0, False
    elif n <= a:
        pw, sl, asa, occ, over = 1.0, 0.0, math.inf, 1.0, True
    else:
        pw = erlang_c(n, a)
        sl = 1.0 - pw * math.exp(-(n - a) * t / aht_s)
        asa, occ, over = pw * aht_s / (n - a), a / n, False
    return ErlangCResult(
        agents=n,
        calls=float(calls),
        aht_s=float(aht_s),
        interval_s=float(interval_s),
        threshold_s=t,
        load_erlangs=a,
        p_wait=pw,
        service_level=sl,
        asa_s=asa,
        occupancy=occ,
        overloaded=over,
    )


def _warn_overload(n: int, a: float) -> None:
    warnings.warn(
        f"{n} agents cannot carry an offered load of {a:.4g} erlangs (agents must exceed the "
        "load): the queue grows without bound and the service level is taken as 0. Check "
        "with is_overloaded(), or use erlang_c_metrics() for a result with an overloaded flag.",
        OverloadWarning,
        stacklevel=3,
    )


def is_overloaded(agents: int, calls: float, aht_s: float, interval_s: float) -> bool:
    """True when there is load and agents <= offered load (Erlang C has no steady state)."""
    a = offered_load(calls, aht_s, interval_s)
    return a > 0 and _whole("agents", agents) <= a


def service_level(
    agents: int, calls: float, aht_s: float, interval_s: float, threshold_s: float
) -> float:
    """Share of calls answered within ``threshold_s`` seconds (Erlang C).

    ``agents`` is a whole number; calls per interval of ``interval_s`` seconds; AHT in
    seconds. When overloaded (agents <= load) returns 0.0 and warns :class:`OverloadWarning`.
    """
    r = erlang_c_metrics(agents, calls, aht_s, interval_s, threshold_s)
    if r.overloaded:
        _warn_overload(r.agents, r.load_erlangs)
    return r.service_level


def average_speed_of_answer(agents: int, calls: float, aht_s: float, interval_s: float) -> float:
    """ASA in seconds: Pw x AHT / (N - A); infinite (and a warning) when overloaded."""
    r = erlang_c_metrics(agents, calls, aht_s, interval_s, 0.0)
    if r.overloaded:
        _warn_overload(r.agents, r.load_erlangs)
    return r.asa_s


def occupancy(agents: int, calls: float, aht_s: float, interval_s: float) -> float:
    """Share of agent time busy with calls, A / N; 1.0 (and a warning) when overloaded."""
    r = erlang_c_metrics(agents, calls, aht_s, interval_s, 0.0)
    if r.overloaded:
        _warn_overload(r.agents, r.load_erlangs)
    return r.occupancy


def required_agents(
    calls: float, aht_s: float, interval_s: float, target_sl: float, threshold_s: float
) -> int:
    """Fewest agents (> load) whose Erlang C service level reaches ``target_sl``.

    0 when there is no load. ``target_sl`` is a share strictly between 0 and 1.
    """
    a = offered_load(calls, aht_s, interval_s)
    t = check_number("threshold_s", threshold_s)
    target = check_target(target_sl)
    if a == 0:
        return 0
    n = math.floor(a) + 1
    b = erlang_b(n, a)
    while True:
        pw = n * b / (n - a * (1.0 - b))
        if 1.0 - pw * math.exp(-(n - a) * t / aht_s) >= target:
            return n
        n += 1
        b = a * b / (n + a * b)


def scheduled_agents(agents: int, shrinkage: float) -> int:
    """Agents to schedule so that ``agents`` remain after shrinkage: ceil(N / (1 - s))."""
    n = _whole("agents", agents)
    s = check_number("shrinkage", shrinkage)
    if s >= 1:
        raise ValueError(f"shrinkage must be a share below 1 such as 0.30; got {shrinkage!r}")
    return math.ceil(n / (1.0 - s) - _CEIL_SLACK)


# ----------------------------------------------------------------------------- arrays


def _arr(values: object) -> np.ndarray:
    return np.asarray(values, dtype=np.float64)


def erlang_b_array(agents: np.ndarray, load: np.ndarray) -> np.ndarray:
    """Erlang B for arrays of whole ``agents`` and ``load``.

    Up to 64 agents: the Erlang B recursion run over all elements at once (elements sorted
    by agents, so step k updates only the tail with agents >= k). Above: the closed form
    poisson.pmf(N, A) / poisson.cdf(N, A) in log space.
    """
    n, a = np.broadcast_arrays(_arr(agents), _arr(load))
    shape = n.shape
    n, a = n.ravel(), a.ravel()
    out = np.full(n.shape, np.nan)
    known = np.isfinite(n) & np.isfinite(a) & (n >= 0) & (a >= 0)
    small = known & (n <= _RECURSION_MAX_AGENTS)
    large = known & ~small
    if small.any():
        idx = np.flatnonzero(small)
        ns = n[idx].astype(np.int16)
        order = np.argsort(ns, kind="stable")  # radix sort for int16
        ns, a_s = ns[order], a[idx][order]
        b = np.ones(len(ns))
        starts = np.searchsorted(ns, np.arange(1, int(ns[-1]) + 1, dtype=np.int16))
        tmp = np.empty_like(b)
        for k, s in enumerate(starts, start=1):  # B(k) = A B(k-1) / (k + A B(k-1)), in place
            t, tail = tmp[s:], b[s:]
            np.multiply(a_s[s:], tail, out=t)
            np.add(t, k, out=tail)
            np.divide(t, tail, out=tail)
        out[idx[order]] = b
    if large.any():
        nl, al = n[large], a[large]
        with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
            log_pmf = special.xlogy(nl, al) - al - special.gammaln(nl + 1.0)
            out[large] = np.exp(log_pmf) / special.pdtr(nl, al)
    return out.reshape(shape)


def _c_and_sl(n: np.ndarray, a: np.ndarray, b: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Service level from Erlang B value ``b``; ``ratio`` = threshold / AHT."""
    pw = n * b / (n - a * (1.0 - b))
    return 1.0 - pw * np.exp(-(n - a) * ratio)


def _take(values: np.ndarray, flat_index: np.ndarray) -> np.ndarray:
    """values.ravel()[flat_index] without copying a broadcast 1-D view first."""
    return values[flat_index] if values.ndim == 1 else values.ravel()[flat_index]


def _threshold_array(threshold_s: float | np.ndarray) -> np.ndarray:
    t = _arr(threshold_s)
    if not np.all(np.isfinite(t) & (t >= 0)):
        raise ValueError("threshold_s must hold finite numbers of seconds >= 0")
    return t


def _target_array(target_sl: float | np.ndarray) -> np.ndarray:
    t = _arr(target_sl)
    if not np.all(np.isfinite(t) & (t > 0) & (t < 1)):
        raise ValueError("target_sl must hold shares between 0 and 1 such as 0.80")
    return t


def service_level_array(
    agents: np.ndarray,
    calls: np.ndarray,
    aht_s: np.ndarray,
    interval_s: np.ndarray,
    threshold_s: float | np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """Service level of many intervals at once (arguments broadcast together).

    Returns (service_level, overloaded): service level 0 where overloaded (agents <= load,
    with load), 1 where there is no load, NaN where an input is missing.
    ``agents`` must hold whole numbers (round fractional head counts down first).
    """
    n, calls, aht, length, t = np.broadcast_arrays(
        _arr(agents), _arr(calls), _arr(aht_s), _arr(interval_s), _threshold_array(threshold_s)
    )
    if np.any(n[np.isfinite(n)] != np.floor(n[np.isfinite(n)])):
        raise ValueError("agents must hold whole numbers; round fractional head counts down")
    with np.errstate(invalid="ignore", divide="ignore"):
        a = calls * aht / length
    known = np.isfinite(a) & np.isfinite(n)
    loaded = known & (a > 0)
    overloaded = loaded & (n <= a)
    ok = loaded & ~overloaded
    sl = np.full(a.shape, np.nan)
    sl[known & ~loaded] = 1.0
    sl[overloaded] = 0.0
    if ok.any():
        nn, aa = n[ok], a[ok]
        sl[ok] = _c_and_sl(nn, aa, erlang_b_array(nn, aa), t[ok] / aht[ok])
    return sl, overloaded


def required_agents_array(
    calls: np.ndarray,
    aht_s: np.ndarray,
    interval_s: np.ndarray,
    target_sl: float | np.ndarray,
    threshold_s: float | np.ndarray,
) -> np.ndarray:
    """:func:`required_agents` for many intervals at once (float array, NaN where unknown).

    Arguments broadcast together, so targets and thresholds may differ per interval.
    Starts every interval at floor(load) + 1 agents and adds one agent at a time, with the
    Erlang B recursion, to the intervals still below target; the work shrinks as intervals
    reach the target (about sqrt(load) steps).
    """
    calls, aht, length, t_all, target_all = np.broadcast_arrays(
        _arr(calls),
        _arr(aht_s),
        _arr(interval_s),
        _threshold_array(threshold_s),
        _target_array(target_sl),
    )
    shape = calls.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        a_all = (calls * aht / length).ravel()
    flat = np.full(a_all.shape, np.nan)
    known = np.isfinite(a_all) & (a_all >= 0)
    flat[known & (a_all == 0)] = 0.0
    idx = np.flatnonzero(known & (a_all > 0))
    a = a_all[idx]
    ratio = _take(t_all, idx) / _take(aht, idx)
    target = _take(target_all, idx)
    n = np.floor(a) + 1.0
    b = erlang_b_array(n, a)
    while idx.size:
        done = _c_and_sl(n, a, b, ratio) >= target
        flat[idx[done]] = n[done]
        keep = ~done
        idx, a, ratio, target = idx[keep], a[keep], ratio[keep], target[keep]
        n, b = n[keep] + 1.0, b[keep]
        b = a * b / (n + a * b)
    return flat.reshape(shape)
