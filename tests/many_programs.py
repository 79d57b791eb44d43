"""An engagement of many programs and queues, made from the demo's inputs.

The demo has three programs and four WFM queues. ``write_many_programs`` writes the
demo engagement and then copies each input's rows under ``n_programs`` renamed
programs (``Consumer Billing 01``, ``Retention Sales 01``, ...) and ``n_queues``
renamed queues (``billing_voice_01``, ``sales_voice_01``, ...), with ids made unique
per copy. So that the copies are not all alike (a report ranking programs needs
differences to rank), each copy is changed a little, with a fixed seed:

- kpis: every value times a factor drawn from 0.85-1.15 per program and metric
  (shares are clipped to 0-1);
- qa and survey: the source program's rows drawn with replacement (as many for QA,
  SURVEY_PER_PROGRAM for the survey, whose contact_id is dropped);
- contacts: a share of the source program's customers, all their contacts kept (so
  repeat contacts stay what they were for those customers);
- wfm: the forecast volume times a factor drawn from 0.94-1.06 per queue.

Used by the tests and by ``benchmarks/bench_report_load.py``; writing takes a few
seconds, running the three notebooks on it about a minute on a 2-core machine.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from copcwb import synth

SEED = 14
#: the share of each source program's customers a copy keeps in the contact log
CONTACT_SHARE = 0.25
#: the survey responses each copy keeps (drawn with replacement from its source)
SURVEY_PER_PROGRAM = 300


def program_names(sources: list[str], n: int) -> list[tuple[str, str]]:
    """``n`` (new name, source program) pairs, cycling over ``sources`` and numbering
    the copies of each source: Consumer Billing 01, Retention Sales 01, ..."""
    return [
        (f"{sources[i % len(sources)]} {i // len(sources) + 1:02d}", sources[i % len(sources)])
        for i in range(n)
    ]


def _kpis(frame: pd.DataFrame, names, rng) -> pd.DataFrame:
    parts = []
    for new, source in names:
        rows = frame[frame["program"] == source].copy()
        factor = rows["metric"].map({m: rng.uniform(0.85, 1.15) for m in rows["metric"].unique()})
        share = rows.groupby("metric")["value"].transform(lambda v: v.between(0, 1).all())
        value = rows["value"] * factor
        rows["value"] = value.where(~share, value.clip(0, 1)).round(4)
        rows["program"] = new
        parts.append(rows)
    return pd.concat(parts, ignore_index=True)


def _resampled(frame, names, rng, *, id_column, n=None, prefixes=()) -> pd.DataFrame:
    """Rows of each source drawn with replacement; ``id_column`` made unique, the
    ``prefixes`` columns prefixed with the copy's number."""
    parts = []
    for i, (new, source) in enumerate(names, start=1):
        rows = frame[frame["program"] == source]
        picks = rng.integers(0, len(rows), size=n or len(rows))
        rows = rows.iloc[np.sort(picks)].copy()
        rows["program"] = new
        rows[id_column] = [f"{i:02d}-{k:06d}" for k in range(1, len(rows) + 1)]
        for column in prefixes:
            rows[column] = f"P{i:02d}" + rows[column].astype(str)
        parts.append(rows)
    return pd.concat(parts, ignore_index=True)


def _contacts(frame: pd.DataFrame, names, rng) -> pd.DataFrame:
    parts = []
    for i, (new, source) in enumerate(names, start=1):
        rows = frame[frame["program"] == source]
        customers = rows["customer_id"].unique()
        kept = rng.choice(
            customers, size=max(1, int(len(customers) * CONTACT_SHARE)), replace=False
        )
        rows = rows[rows["customer_id"].isin(kept)].copy()
        rows["program"] = new
        rows["contact_id"] = f"K{i:02d}-" + rows["contact_id"].astype(str)
        rows["customer_id"] = f"C{i:02d}-" + rows["customer_id"].astype(str)
        parts.append(rows)
    return pd.concat(parts, ignore_index=True)


def _wfm(frame: pd.DataFrame, n: int, rng) -> pd.DataFrame:
    sources = sorted(frame["queue"].unique())
    parts = []
    for i in range(n):
        source = sources[i % len(sources)]
        rows = frame[frame["queue"] == source].copy()
        rows["queue"] = f"{source}_{i // len(sources) + 1:02d}"
        rows["forecast_volume"] = (rows["forecast_volume"] * rng.uniform(0.94, 1.06)).round(2)
        parts.append(rows)
    return pd.concat(parts, ignore_index=True)


def write_many_programs(
    folder: str | Path,
    n_programs: int = 80,
    n_queues: int = 80,
    *,
    language: str = "en",
    engagement_id: str = "many-programs",
) -> Path:
    """Write ``folder/<engagement_id>/`` (engagement.yaml and data/*.csv): the demo's
    inputs copied under ``n_programs`` programs and ``n_queues`` WFM queues; return the
    yaml path. The same arguments give the same files."""
    spec = synth.write_engagement(folder, "demo", engagement_id=engagement_id, language=language)
    data = spec.parent / "data"
    rng = np.random.default_rng(SEED)
    kpis = pd.read_csv(data / "kpis.csv", dtype={"month": str})
    names = program_names(sorted(kpis["program"].unique()), n_programs)
    _kpis(kpis, names, rng).to_csv(data / "kpis.csv", index=False)
    qa = pd.read_csv(data / "qa.csv", dtype=str)
    qa = _resampled(qa, names, rng, id_column="transaction_id", prefixes=("agent_id",))
    qa.to_csv(data / "qa.csv", index=False)
    contacts = pd.read_csv(data / "contacts.csv", dtype=str)
    _contacts(contacts, names, rng).to_csv(data / "contacts.csv", index=False)
    survey = pd.read_csv(data / "survey.csv", dtype=str).drop(columns="contact_id")
    survey = _resampled(survey, names, rng, id_column="response_id", n=SURVEY_PER_PROGRAM)
    survey.to_csv(data / "survey.csv", index=False)
    wfm = pd.read_csv(data / "wfm.csv", dtype={"interval_start": str})
    _wfm(wfm, n_queues, rng).to_csv(data / "wfm.csv", index=False)
    lines = spec.read_text(encoding="utf-8").splitlines()
    lines[0] = f"# The demo's inputs copied under {n_programs} programs and {n_queues} queues."
    spec.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return spec
