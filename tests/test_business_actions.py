"""Findings become actions: classes, priorities, owners from the RASIC matrix, due dates."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from copcwb import business, load_engagement
from copcwb.business.findings import finding, frame
from copcwb.business_options import BusinessSettings
from copcwb.errors import SpecError

RASIC = {
    "Operations manager": {"process_change": "R", "loss_control": "A", "coaching": "A"},
    "Team leaders": {"coaching": "R", "loss_control": "R", "process_change": "S"},
    "Quality manager": {"loss_control": "R", "process_change": "A", "training": "C"},
    "Client sponsor": {"process_change": "I"},
}


def _findings() -> pd.DataFrame:
    return frame(
        [
            finding("gap", "scorecard", 2, program="A", subject="aht_s", gap_pct=-0.05),
            finding("gap", "scorecard", 1, program="A", subject="fcr_7d", gap_pct=-0.12, value=1e5),
            finding(
                "critical_error",
                "accuracy",
                1,
                program="B",
                subject="customer",
                proposed_class="loss_control",
            ),
            finding("gap", "scorecard", 1, program="B", subject="asa_s", gap_pct=-0.9),
            finding("deteriorating", "scorecard", 3, program="A", subject="nps"),
            finding("fix_first_driver", "quadrant", 2, subject="empathy"),
        ]
    )


def test_rasic_assignment():
    plan = business.action_plan(_findings(), BusinessSettings(rasic=RASIC), prefix="BA")
    t = plan.table.set_index("subject")
    # process change: R Operations manager, A Quality manager, S Team leaders, I sponsor
    assert t.loc["fcr_7d", "owner"] == "Operations manager"
    assert t.loc["fcr_7d", "accountable"] == "Quality manager"
    assert t.loc["fcr_7d", "supportive"] == "Team leaders"
    assert t.loc["fcr_7d", "informed"] == "Client sponsor"
    # loss control has two R roles, joined in the matrix's order; A Operations manager
    assert t.loc["customer", "owner"] == "Team leaders, Quality manager"
    assert t.loc["customer", "accountable"] == "Operations manager"
    assert plan.unowned == ()
    assert plan.has_rasic


def test_order_ids_priorities_and_due_dates():
    raised = dt.date(2026, 12, 1)
    plan = business.action_plan(_findings(), BusinessSettings(), prefix="BA", raised=raised)
    t = plan.table
    # priority 1 first: the priced gap, then loss control before process change, then the
    # other priority-1 gap; then priority 2 by the larger gap; the deteriorating trend last
    assert list(t["subject"]) == ["fcr_7d", "customer", "asa_s", "aht_s", "empathy", "nps"]
    assert list(t["id"]) == ["BA-01", "BA-02", "BA-03", "BA-04", "BA-05", "BA-06"]
    assert list(t["priority"]) == [1, 1, 1, 2, 2, 3]
    # default due days 30 / 60 / 90 from the run's date
    assert list(t["due"]) == [dt.date(2026, 12, 31)] * 3 + [dt.date(2027, 1, 30)] * 2 + [
        dt.date(2027, 3, 1)
    ]
    assert set(t["status"]) == {"open"}
    assert list(t["owner"]) == [""] * 6 and not plan.has_rasic


def test_engagement_overrides_a_class_and_names_unowned_ones():
    settings = BusinessSettings(rasic=RASIC, action_classes={"fix_first_driver": "training"})
    plan = business.action_plan(_findings(), settings, prefix="CD")
    row = plan.table.set_index("subject").loc["empathy"]
    assert row["action_class"] == "training"
    assert row["owner"] == "" and row["consulted"] == "Quality manager"
    assert plan.unowned == ("training",)


def test_many_actions_get_wider_ids():
    rows = [finding("gap", "scorecard", 2, program="A", subject=f"m{i}") for i in range(120)]
    plan = business.action_plan(frame(rows), BusinessSettings(), prefix="BA")
    assert plan.table["id"].iloc[0] == "BA-001" and plan.table["id"].iloc[-1] == "BA-120"


def test_an_empty_plan():
    plan = business.action_plan(frame([]), BusinessSettings(rasic=RASIC), prefix="FA")
    assert plan.table.empty and list(plan.by_class().columns) == [
        "action_class",
        "n_actions",
        "value",
    ]


def _spec(tmp_path: Path, business_yaml: str) -> Path:
    (tmp_path / "kpis.csv").write_text("program,metric,month,value\nA,aht_s,2026-01,300\n")
    spec = tmp_path / "engagement.yaml"
    spec.write_text(
        "client: X\nengagement: x\nperiod: {start: 2026-01, end: 2026-01}\n"
        "run: [baseline_assessment]\ninputs: {kpis: kpis.csv}\n" + business_yaml,
        encoding="utf-8",
    )
    return spec


def test_the_rasic_matrix_is_checked_when_the_engagement_loads(tmp_path):
    two_accountable = (
        "business:\n  rasic:\n    Ops: {process_change: A}\n    Quality: {process_change: A}\n"
    )
    with pytest.raises(SpecError, match="one A per class"):
        load_engagement(_spec(tmp_path, two_accountable))
    unknown_class = "business:\n  rasic:\n    Ops: {marketing: R}\n"
    with pytest.raises(SpecError, match="business.rasic"):
        load_engagement(_spec(tmp_path, unknown_class))
    bad_letter = "business:\n  rasic:\n    Ops: {process_change: X}\n"
    with pytest.raises(SpecError):
        load_engagement(_spec(tmp_path, bad_letter))


def test_business_settings_load_from_the_engagement(tmp_path):
    spec = _spec(
        tmp_path,
        "business:\n  currency: TWD\n  cost_per_contact: {A: 120}\n"
        "  csat_value: {per_point: 1000000}\n  rasic:\n    Ops: {process_change: R}\n",
    )
    engagement = load_engagement(spec)
    assert engagement.business.currency == "TWD"
    assert engagement.business.cost_per_contact == {"A": 120.0}
    assert engagement.business.csat_value.per_point == 1_000_000
    assert engagement.service_target == (0.80, 20.0)
    with pytest.raises(SpecError, match="shrinkage"):
        load_engagement(_spec(tmp_path, "business:\n  shrinkage: 1.5\n"))


def test_baseline_findings_on_a_hand_built_scorecard():
    from copcwb.baseline.assess import BaselineResult  # noqa: F401 (the shape it takes)

    card = pd.DataFrame(
        {
            "program": ["A", "A", "A", "A"],
            "metric": ["aht_s", "nps", "service_level", "customer_ce_accuracy"],
            "label": ["AHT", "NPS", "Service level", "Customer-critical accuracy"],
            "unit": ["seconds", "score", "share", "share"],
            "value": [400.0, 35.0, 0.85, 0.90],
            "target": [300.0, 30.0, 0.80, 0.95],
            "gap_pct": [-1 / 3, 1 / 6, 0.0625, -0.0526],
            "meets_target": [False, True, True, False],
            "trend": ["stable", "deteriorating", "stable", "stable"],
        }
    )

    class Result:
        scorecard = card

    class Accuracy:
        process = pd.DataFrame(
            {
                "program": ["A"],
                "error_type": ["customer"],
                "accuracy": [0.90],
                "target": [0.95],
                "status": ["below target"],
            }
        )

    found = business.baseline_findings(Result(), accuracy=Accuracy(), threshold=0.10)
    kinds = dict(zip(found["subject"], found["kind"], strict=True))
    # the QA export's accuracy replaces the KPI of the same error type
    assert kinds == {"aht_s": "gap", "nps": "deteriorating", "customer": "critical_error"}
    sev = dict(zip(found["subject"], found["severity"], strict=True))
    assert sev == {"aht_s": 1, "nps": 3, "customer": 1}  # 33% off >= 10%: severity 1
    assert np.isnan(found.set_index("subject").loc["aht_s", "value"])


def test_assumptions_shared_by_every_program_take_one_row():
    from copcwb.i18n import text
    from copcwb.views.business.tables import build_assumptions_table

    card = pd.DataFrame(
        {"program": ["A", "B"], "metric": ["cost_per_contact"] * 2, "value": [5.0, 6.0]}
    )
    eco = business.economics(BusinessSettings(), ["A", "B"], scorecard=card)
    frame = build_assumptions_table(eco, lambda key, **v: text(key, "en", **v)).frame
    # the KPI cost per contact differs: a row per program; the placeholders are shared
    costs = frame[frame["assumption"] == "Cost per contact"]
    assert list(costs["program"]) == ["A", "B"] and list(costs["value"]) == ["5.00", "6.00"]
    loaded = frame[frame["assumption"] == "Loaded cost per FTE a year"]
    assert list(loaded["program"]) == ["All programs"]
    assert list(loaded["value"]) == ["45,000.00*"] and list(loaded["source"]) == ["placeholder"]


def test_the_workbook_is_readable_like_any_file_the_run_writes(tmp_path):
    import os

    from copcwb.business import ACTION_COLUMNS, write_actions

    plan = business.action_plan(_findings(), BusinessSettings(), prefix="BA")
    frame = plan.table.reindex(columns=list(ACTION_COLUMNS)).assign(finding="x", evidence="y")
    umask = os.umask(0o022)
    try:
        path = write_actions(frame, tmp_path / "actions.xlsx")
    finally:
        os.umask(umask)
    assert path.stat().st_mode & 0o777 == 0o644
