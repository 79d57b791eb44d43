"""The engine: repeat contacts counted in DuckDB agree with the row-by-row reference
(``flag_repeats``, whose flags tests/test_quality_resolution.py checks by hand), for
frames and for Parquet log tables; the memory limit and the errors a user sees."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from copcwb import CopcwbError, InputError
from copcwb.engine import LogTable, engine_error
from copcwb.engine.connection import parse_size
from copcwb.io.memory import check_fits
from copcwb.io.snapshot import write_snapshot
from copcwb.io.tables import ReadInfo
from copcwb.quality import contact_resolution, flag_repeats, resolution_by_window


def random_log(n: int = 3000, seed: int = 7, zone: str | None = "Asia/Taipei") -> pd.DataFrame:
    """Contacts of few customers in few days, so that repeats, ties (equal start times)
    and censoring at the end are all frequent."""
    rng = np.random.default_rng(seed)
    start = pd.Timestamp("2026-01-25 08:00") + pd.to_timedelta(
        rng.integers(0, 40 * 24, n) * 3600, unit="s"
    )
    frame = pd.DataFrame(
        {
            "contact_id": [f"k{i}" for i in range(n)],
            "customer_id": rng.choice([f"c{i}" for i in range(400)], n),
            "program": rng.choice(["Billing", "Support"], n),
            "channel": rng.choice(["voice", "chat", "email"], n),
            "start_time": start.tz_localize(zone) if zone else start,
            "reason": rng.choice(["bill", "outage", None], n),
        }
    )
    return frame


def reference(contacts: pd.DataFrame, window: str, by: list[str], **how) -> pd.DataFrame:
    """The rates from the row-level flags, grouped with pandas."""
    flagged = flag_repeats(contacts, window, **how)
    if "month" in by:
        local = flagged["start_time"]
        if isinstance(local.dtype, pd.DatetimeTZDtype):
            local = local.dt.tz_localize(None)
        flagged["month"] = local.dt.to_period("M")
    flagged["judged"] = ~flagged["censored"]
    out = flagged.groupby(by, sort=True).agg(
        n_contacts=("judged", "sum"),
        n_resolved=("resolved", "sum"),
        n_censored=("censored", "sum"),
        n_total=("judged", "size"),
    )
    return out.reset_index().astype({c: "int64" for c in out.columns})


@pytest.mark.parametrize("zone", ["Asia/Taipei", None])
@pytest.mark.parametrize("window", ["48h", "7D"])
@pytest.mark.parametrize("same_reason", [False, True])
def test_engine_counts_equal_the_row_flags(zone, window, same_reason):
    log = random_log(zone=zone)
    by = ["program", "channel", "month"]
    got = contact_resolution(log, window, by=by[:2], by_month=True, same_reason=same_reason)
    want = reference(log, window, by, same_reason=same_reason)
    pd.testing.assert_frame_equal(got.drop(columns="resolution_rate"), want)
    rate = want["n_resolved"] / want["n_contacts"].where(want["n_contacts"] > 0)
    assert np.allclose(got["resolution_rate"], rate, equal_nan=True)


def test_a_log_table_gives_what_its_frame_gives(tmp_path):
    log = random_log()
    path = tmp_path / "contacts.parquet"
    write_snapshot(log, ReadInfo(format="csv"), path, kind="contacts")
    table = LogTable(path, "contacts")
    from_frame = resolution_by_window(log, windows=("48h", "7D"), same_reason=True)
    from_table = resolution_by_window(table, windows=("48h", "7D"), same_reason=True)
    for a, b in zip(from_frame.windows, from_table.windows, strict=True):
        for part in ("overall", "program", "channel", "month"):
            pd.testing.assert_frame_equal(getattr(a, part), getattr(b, part))
    assert len(table) == len(log) and table.zone("start_time") == "Asia/Taipei"


def test_one_window_by_hand():
    # customer a: 09:00 then 20:00 the same day (11 h later: a repeat within 48 h);
    # customer b: once. The log ends 10 days later (customer c), so nothing before it is
    # censored for 48 h; c itself is (its window runs past the end).
    t = pd.Timestamp("2026-03-01 09:00")
    log = pd.DataFrame(
        {
            "contact_id": ["1", "2", "3", "4"],
            "customer_id": ["a", "a", "b", "c"],
            "program": "P",
            "channel": "voice",
            "start_time": [t, t + pd.Timedelta("11h"), t, t + pd.Timedelta("10D")],
        }
    )
    got = contact_resolution(log, "48h", by=())
    # judged: 3 (1, 2, 3); resolved: 2 and 3 (1 repeats) -> 2 / 3
    assert got[["n_contacts", "n_resolved", "n_censored", "n_total"]].iloc[0].tolist() == [
        3,
        2,
        1,
        4,
    ]
    assert got["resolution_rate"].iloc[0] == pytest.approx(2 / 3)


def test_sizes_are_read_as_people_write_them():
    assert parse_size("2GB") == 2_000_000_000
    assert parse_size("1.5GiB") == int(1.5 * 2**30)
    assert parse_size("800 mb") == 800_000_000
    with pytest.raises(CopcwbError, match="not a size"):
        parse_size("lots")


def test_out_of_memory_says_which_setting_to_raise():
    error = engine_error(duckdb.OutOfMemoryException("could not allocate"), "counting repeats")
    assert "memory_limit" in str(error) and "COPCWB_MEMORY_LIMIT" in str(error)


def test_a_file_too_large_to_read_whole_is_refused_before_reading(tmp_path):
    path = tmp_path / "survey.csv"
    path.write_text("response_id,program,overall\n" + "r,P,5\n" * 1000)
    # 6,028 bytes x 12 = 72 kB needed; with 50 kB free the file is refused
    with pytest.raises(InputError, match="split it by period or by program"):
        check_fits(path, "csv", available=50_000)
    check_fits(path, "csv", available=1_000_000)


def test_the_profile_of_a_log_table_is_the_profile_of_its_frame(tmp_path):
    from copcwb.profile import profile, profile_log

    log = random_log()
    log.loc[::7, "reason"] = None
    path = tmp_path / "contacts.parquet"
    write_snapshot(log, ReadInfo(format="csv"), path, kind="contacts")
    how = {"name": "contacts", "time_column": "start_time", "group_column": "program"}
    want, got = profile(log, **how), profile_log(LogTable(path, "contacts"), **how)
    assert got.summary().equals(want.summary())
    pd.testing.assert_frame_equal(got.missing, want.missing)
    # 3,000 rows, every 7th reason blanked plus the draws of None: counted, not assumed
    assert int(got.missing.set_index("column").loc["reason", "n_missing"]) == int(
        log["reason"].isna().sum()
    )
