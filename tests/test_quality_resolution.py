"""Contact resolution from the contact log: repeats, window edges, censoring."""

from __future__ import annotations

import pandas as pd
import pytest

from copcwb.quality import contact_resolution, flag_repeats, plot_resolution

T0 = pd.Timestamp("2024-03-01 09:00:00")
SEC = pd.Timedelta(seconds=1)
WEEK = pd.Timedelta("7D")


def contacts(rows):
    frame = pd.DataFrame(rows, columns=["contact_id", "customer_id", "channel", "start_time"])
    frame["program"] = "P"
    frame["start_time"] = pd.to_datetime(frame["start_time"])
    return frame


def base_rows():
    return [
        # c1 comes back 1 second inside the 7-day window: k1 unresolved, k2 resolved
        ("k1", "c1", "voice", T0),
        ("k2", "c1", "chat", T0 + WEEK - SEC),
        # c2 comes back 1 second after the window: both resolved
        ("k3", "c2", "voice", T0),
        ("k4", "c2", "voice", T0 + WEEK + SEC),
        # c3 comes back exactly at the window: "within" includes the edge -> k5 unresolved
        ("k5", "c3", "voice", T0 + pd.Timedelta("1D")),
        ("k6", "c3", "email", T0 + pd.Timedelta("8D")),
        # the data end 30 days after T0 (k9); k7 and k8 are within 7 days of the end: censored
        ("k7", "c4", "voice", T0 + pd.Timedelta("25D")),
        ("k8", "c5", "voice", T0 + pd.Timedelta("29D")),
        ("k9", "c6", "voice", T0 + pd.Timedelta("30D")),
    ]


def test_flags_by_hand():
    flagged = flag_repeats(contacts(base_rows()), "7D").set_index("contact_id")
    # data_end = T0 + 30D; censored when start + 7D > T0 + 30D, i.e. start > T0 + 23D
    assert flagged["censored"].to_dict() == {
        "k1": False,
        "k2": False,
        "k3": False,
        "k4": False,
        "k5": False,
        "k6": False,
        "k7": True,
        "k8": True,
        "k9": True,
    }
    assert flagged["repeat"].to_dict() == {
        "k1": True,  # next at 7D - 1s <= 7D
        "k2": False,
        "k3": False,  # next at 7D + 1s > 7D
        "k4": False,
        "k5": True,  # next at exactly 7D
        "k6": False,
        "k7": False,
        "k8": False,
        "k9": False,
    }
    assert flagged["resolved"].to_dict() == {
        "k1": False,
        "k2": True,
        "k3": True,
        "k4": True,
        "k5": False,
        "k6": True,
        "k7": False,
        "k8": False,
        "k9": False,
    }


def test_rate_excludes_censored_contacts():
    table = contact_resolution(contacts(base_rows()), window="7D")
    row = table.iloc[0]
    # judged: k1..k6 = 6; resolved: k2, k3, k4, k6 = 4 -> 4/6; censored: k7, k8, k9 = 3
    assert row["n_contacts"] == 6
    assert row["n_resolved"] == 4
    assert row["resolution_rate"] == pytest.approx(4 / 6)
    assert row["n_censored"] == 3 and row["n_total"] == 9
    assert list(table.columns) == [
        "program",
        "n_contacts",
        "n_resolved",
        "resolution_rate",
        "n_censored",
        "n_total",
    ]


def test_48h_window():
    rows = [
        ("a", "c1", "voice", T0),
        ("b", "c1", "voice", T0 + pd.Timedelta("47h")),  # inside 48 h -> a unresolved
        ("c", "c2", "voice", T0),
        ("d", "c2", "voice", T0 + pd.Timedelta("49h")),  # outside 48 h -> c resolved
        ("e", "c3", "voice", T0 + pd.Timedelta("5D")),  # the data end
    ]
    flagged = flag_repeats(contacts(rows), "48h").set_index("contact_id")
    # end = T0 + 5D; censored when start > T0 + 3D: only e
    assert flagged["resolved"].to_dict() == {
        "a": False,
        "b": True,
        "c": True,
        "d": True,
        "e": False,
    }
    assert flagged["censored"].to_dict() == {
        "a": False,
        "b": False,
        "c": False,
        "d": False,
        "e": True,
    }
    table = contact_resolution(contacts(rows), window="48h", by=())
    # judged a, b, c, d; resolved b, c, d -> 3/4
    assert table.loc[0, "resolution_rate"] == pytest.approx(0.75)


def test_by_channel_and_month_and_data_end():
    frame = contacts(base_rows())
    # with data_end far in the future nothing is censored; the repeat k1 -> k2 (chat) is
    # counted against the voice contact k1
    table = contact_resolution(frame, window="7D", by=("program", "channel"), data_end="2025-01-01")
    t = table.set_index("channel")
    # voice: k1 (no), k3, k4, k5 (no), k7, k8, k9 -> 5 of 7 resolved
    assert t.loc["voice", "n_contacts"] == 7 and t.loc["voice", "n_resolved"] == 5
    assert t.loc["chat", "n_resolved"] == 1 and t.loc["email", "n_resolved"] == 1
    assert (table["n_censored"] == 0).all()
    monthly = contact_resolution(frame, window="7D", by_month=True)
    # all contacts start in March 2024 except k9 (T0 + 30D = 31 March) -> one month
    assert monthly["month"].astype(str).tolist() == ["2024-03"]


def test_same_reason():
    rows = [
        ("a", "c1", "voice", T0),
        ("b", "c1", "voice", T0 + pd.Timedelta("2D")),
        ("z", "c9", "voice", T0 + pd.Timedelta("20D")),
    ]
    frame = contacts(rows)
    frame["reason"] = ["billing", "moving house", "billing"]
    # any reason: a is followed by b within 7D -> unresolved
    any_reason = flag_repeats(frame, "7D").set_index("contact_id")
    assert not any_reason.loc["a", "resolved"]
    # same reason: b has another reason -> a resolved
    same = flag_repeats(frame, "7D", same_reason=True).set_index("contact_id")
    assert same.loc["a", "resolved"]
    table = contact_resolution(frame, "7D", same_reason=True)
    # judged a, b (z censored); both resolved
    assert table.loc[0, "resolution_rate"] == 1.0
    with pytest.raises(ValueError, match="reason"):
        contact_resolution(contacts(rows), "7D", same_reason=True)


def test_repeats_do_not_cross_programs_by_default():
    rows = [
        ("a", "c1", "voice", T0),
        ("b", "c1", "voice", T0 + pd.Timedelta("1D")),
        ("z", "c9", "voice", T0 + pd.Timedelta("20D")),
    ]
    frame = contacts(rows)
    frame["program"] = ["P", "Q", "P"]
    assert flag_repeats(frame, "7D").set_index("contact_id").loc["a", "resolved"]
    assert (
        not flag_repeats(frame, "7D", match_within=()).set_index("contact_id").loc["a", "resolved"]
    )


def test_input_order_does_not_matter():
    frame = contacts(base_rows())
    shuffled = frame.sample(frac=1.0, random_state=3)
    a = flag_repeats(frame, "7D").set_index("contact_id").sort_index()
    b = flag_repeats(shuffled, "7D").set_index("contact_id").sort_index()
    pd.testing.assert_series_equal(a["resolved"], b["resolved"])


def test_bad_windows():
    for window in ("soon", "-7D", "0s"):
        with pytest.raises(ValueError, match="window"):
            contact_resolution(contacts(base_rows()), window=window)


def test_resolution_plot():
    from matplotlib.figure import Figure

    table = contact_resolution(contacts(base_rows()), by=("program", "channel"))
    ax = plot_resolution(table, ax=Figure().subplots())
    assert ax.get_title() == "Contact resolution"
    assert len(ax.patches) == len(table)


def test_resolution_by_window_by_hand():
    from copcwb.quality import resolution_by_window

    # base rows, data end T0 + 30D. 7D: judged k1-k6 (k7-k9 censored), resolved k2, k3,
    # k4, k6 -> 4/6. 2D: censored when start + 2D > T0 + 30D, i.e. start > T0 + 28D: k8
    # and k9; repeats within 2D: none (c1 after 7D - 1s, c2 after 7D + 1s, c3 after 7D)
    # -> 7/7 judged resolved.
    res = resolution_by_window(contacts(base_rows()), windows=("2D", "7D"))
    two, week = res.windows
    assert (two.window, week.window) == ("2D", "7D")
    assert week.n_contacts == 6 and week.n_censored == 3 and week.rate == pytest.approx(4 / 6)
    assert two.n_contacts == 7 and two.n_censored == 2 and two.rate == 1.0
    assert res.rates == pytest.approx({"2D": 1.0, "7D": 4 / 6})
    # per program and channel: P voice k1 (repeat), k3, k4, k5 (repeat) -> 2/4; chat k2 1/1;
    # email k6 1/1 (7D)
    channel = week.channel.set_index("channel")
    assert channel.loc["voice", ["n_contacts", "n_resolved"]].tolist() == [4, 2]
    assert channel.loc["chat", "resolution_rate"] == 1.0
    assert list(week.month["month"].astype(str)) == ["2024-03"]
    summary = res.summary()
    assert list(summary.columns) == [
        "window",
        "program",
        "n_contacts",
        "n_resolved",
        "resolution_rate",
        "n_censored",
        "n_total",
    ]
    assert summary["window"].tolist() == ["2D", "7D"]
    assert not res.same_reason and not res.reason_missing


def test_resolution_by_window_without_contacts_or_reasons():
    from copcwb.quality import resolution_by_window

    assert resolution_by_window(None) is None
    frame = contacts(base_rows())
    # asked to match on the reason, but the log has none: matched on the customer, said so
    res = resolution_by_window(frame, ["7D"], same_reason=True)
    assert res.reason_missing and not res.same_reason
    assert res.windows[0].rate == pytest.approx(4 / 6)
    empty_reasons = resolution_by_window(frame.assign(reason=None), ["7D"], same_reason=True)
    assert empty_reasons.reason_missing
    frame["reason"] = "billing"
    with_reasons = resolution_by_window(frame, ["7D"], same_reason=True)
    assert with_reasons.same_reason and not with_reasons.reason_missing


def test_pooled_month_sums_the_programs():
    from copcwb.quality import resolution_by_window

    # program P: the base rows (7D: 4 of 6 judged resolved, all in March 2024). Program Q:
    # customer d1 calls on 1 and 3 March (a repeat: 1 unresolved, 1 resolved) and d2 on 5
    # March (resolved) -> 2 of 3. Pooled March: (4 + 2) / (6 + 3) = 6 / 9.
    other = contacts(
        [
            ("q1", "d1", "voice", T0),
            ("q2", "d1", "voice", T0 + pd.Timedelta("2D")),
            ("q3", "d2", "voice", T0 + pd.Timedelta("4D")),
        ]
    ).assign(program="Q")
    log = pd.concat([contacts(base_rows()), other], ignore_index=True)
    week = resolution_by_window(log, windows=("7D",)).windows[0]
    pooled = week.pooled_month
    assert pooled["month"].astype(str).tolist() == ["2024-03"]
    assert pooled[["n_contacts", "n_resolved"]].iloc[0].tolist() == [9, 6]
    assert pooled["resolution_rate"].iloc[0] == pytest.approx(6 / 9)
