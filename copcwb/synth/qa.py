"""QA monitoring records: process, individual and targeted monitoring with critical errors."""

from __future__ import annotations

import numpy as np
import pandas as pd

from copcwb.synth import kpis
from copcwb.synth._rng import Calendar
from copcwb.synth._spec import (
    BILLING,
    CRITICAL_ERRORS,
    ERROR_CODES,
    PROGRAMS,
    QA_ACCURACY_METRIC,
    QA_CODE_PLANT,
    QA_INDIVIDUAL_FACTOR,
    QA_MONITORING_SHARES,
    QA_ONE_RATE_PROGRAM,
    QA_OUTLIERS,
    QA_RECORDS_PER_MONTH,
    QA_TARGETED_FACTOR,
    SALES,
    SUPPORT,
)

PROGRAM_SHARES = {BILLING: 1 / 3, SUPPORT: 1 / 3, SALES: 1 / 3}
AGENTS = {BILLING: (100, 45), SUPPORT: (200, 50), SALES: (300, 30)}  # id block, head count
AGENT_SPREAD = 0.5  # sd of the log error propensity of agents


def _agents(rng: np.random.Generator) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Agent ids and error propensities (mean 1) of each program; QA_ONE_RATE_PROGRAM's
    agents share one rate but QA_OUTLIERS."""
    out = {}
    for program in PROGRAMS:
        block, count = AGENTS[program]
        ids = np.sort(rng.choice(100, size=count, replace=False)) + block
        propensity = np.exp(rng.normal(0.0, AGENT_SPREAD, count))
        if program == QA_ONE_RATE_PROGRAM:
            n_out, factor = QA_OUTLIERS
            propensity = np.ones(count)
            propensity[rng.choice(count, size=n_out, replace=False)] = factor
        out[program] = (np.array([f"A{i:04d}" for i in ids]), propensity / propensity.mean())
    return out


def _plant_code(rng: np.random.Generator, batch: dict, program: str, n_agents: int) -> None:
    """QA_CODE_PLANT: a few agents of one program add one customer-critical error code to
    a share of their process and individual monitoring (in place)."""
    planted, code, n_pick, rate = QA_CODE_PLANT
    if program != planted:
        return
    hit = np.isin(batch["agent"], np.arange(n_pick)) & (batch["type"] != "targeted")
    hit &= rng.random(len(hit)) < rate
    batch["customer_ce"] = np.where(hit, 1, batch["customer_ce"])
    old = batch["code"]
    batch["code"] = np.where(hit, np.where(old != "", old + ";" + code, code), old)


def weekdays(month: pd.Period) -> np.ndarray:
    days = pd.date_range(month.start_time, month.end_time.normalize(), freq="D")
    return days[days.day_of_week < 5].to_numpy()


def _error_code(
    rng: np.random.Generator, ce: str, err: np.ndarray, individual: np.ndarray
) -> np.ndarray:
    """One code of type ``ce`` where ``err`` is 1, else ''. Individual monitoring doubles the
    weight of agent-caused codes."""
    names = np.array([c for c, _, _ in ERROR_CODES[ce]], dtype=object)
    causes = np.array([cause for _, cause, _ in ERROR_CODES[ce]])
    w = np.array([wt for _, _, wt in ERROR_CODES[ce]])
    w_ind = np.where(causes == "agent", 2.0 * w, w)
    u = rng.random(len(err))
    pick_proc = np.searchsorted(np.cumsum(w / w.sum()), u, side="right")
    pick_ind = np.searchsorted(np.cumsum(w_ind / w_ind.sum()), u, side="right")
    pick = np.minimum(np.where(individual, pick_ind, pick_proc), len(w) - 1)
    return np.where(err == 1, names[pick], "")


def monitored(
    rng: np.random.Generator,
    n: int,
    days: np.ndarray,
    propensity: np.ndarray,
    base_error: dict[str, float],
) -> dict[str, np.ndarray]:
    """``n`` monitored transactions of one program in one month: "type" (QA_MONITORING_SHARES),
    "date" (one of ``days``), "agent" (index into ``propensity``, the agents' error
    propensities with mean 1; individual monitoring picks weak agents), a 0/1 array per
    critical-error type (rate ``base_error[type]`` x propensity x the monitoring type's
    factor) and "code" (the error codes joined by ';', '' when none)."""
    types = np.array([t for t, _ in QA_MONITORING_SHARES])
    type_p = np.array([s for _, s in QA_MONITORING_SHARES])
    mtype = rng.choice(types, size=n, p=type_p)
    date = rng.choice(days, size=n)
    uniform = np.full(len(propensity), 1.0 / len(propensity))
    weak = propensity**2 / np.sum(propensity**2)
    agent = np.where(
        mtype == "individual",
        rng.choice(len(propensity), size=n, p=weak),
        rng.choice(len(propensity), size=n, p=uniform),
    )
    factor = np.select(
        [mtype == "individual", mtype == "targeted"],
        [QA_INDIVIDUAL_FACTOR, QA_TARGETED_FACTOR],
        1.0,
    )
    out: dict[str, np.ndarray] = {"date": date, "type": mtype, "agent": agent}
    codes = np.full(n, "", dtype=object)
    for ce in CRITICAL_ERRORS:
        p_err = np.clip(base_error[ce] * propensity[agent] * factor, 0, 0.9)
        err = (rng.random(n) < p_err).astype(np.int64)
        out[ce] = err
        code = _error_code(rng, ce, err, mtype == "individual")
        codes = np.where(
            (codes != "") & (code != ""),
            codes + ";" + code,
            np.where(codes != "", codes, code),
        )
    out["code"] = codes
    return out


def generate(rng: np.random.Generator, cal: Calendar) -> pd.DataFrame:
    """QA records with columns transaction_id, program, date ("YYYY-MM-DD"), monitoring_type,
    agent_id, customer_ce, business_ce, compliance_ce (0/1), error_code (missing when none)."""
    agents = _agents(rng)
    months = cal.month_list
    n_months = len(months)
    base_error = {
        (p, ce): 1.0 - kpis.true_value(p, QA_ACCURACY_METRIC[ce], n_months)
        for p in PROGRAMS
        for ce in CRITICAL_ERRORS
    }
    prog_p = np.array([PROGRAM_SHARES[p] for p in PROGRAMS])

    cols: dict[str, list[np.ndarray]] = {
        k: [] for k in ("program", "date", "type", "agent", *CRITICAL_ERRORS, "code")
    }
    for mi, month in enumerate(months):
        days = weekdays(month)
        counts = rng.multinomial(QA_RECORDS_PER_MONTH, prog_p)
        for program, n in zip(PROGRAMS, counts, strict=True):
            ids, propensity = agents[program]
            errors = {ce: base_error[(program, ce)][mi] for ce in CRITICAL_ERRORS}
            batch = monitored(rng, int(n), days, propensity, errors)
            _plant_code(rng, batch, program, len(ids))
            cols["program"].append(np.full(n, program, dtype=object))
            cols["agent"].append(ids[batch.pop("agent")])
            for key, values in batch.items():
                cols[key].append(values)

    out = pd.DataFrame(
        {
            "program": np.concatenate(cols["program"]),
            "date": pd.to_datetime(np.concatenate(cols["date"])),
            "monitoring_type": np.concatenate(cols["type"]),
            "agent_id": np.concatenate(cols["agent"]),
            **{ce: np.concatenate(cols[ce]) for ce in CRITICAL_ERRORS},
            "error_code": np.concatenate(cols["code"]),
        }
    )
    out = out.sort_values(["date", "program", "agent_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "transaction_id", [f"QA{i + 1:06d}" for i in range(len(out))])
    out["date"] = out["date"].dt.strftime("%Y-%m-%d")
    out["error_code"] = out["error_code"].where(out["error_code"] != "", None)
    return out[
        [
            "transaction_id",
            "program",
            "date",
            "monitoring_type",
            "agent_id",
            *CRITICAL_ERRORS,
            "error_code",
        ]
    ]
