"""The journey quality notebook: its cells run here on the demo (as papermill would run
them), the planted effects found, every section shown in each language without a raw
contact or customer id, and the notebook on journeys with few columns or no survey."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from notebook_exec import execute_notebook

from copcwb import results
from copcwb.i18n import text
from copcwb.views.journey import formats
from copcwb.views.journey import text as txt

IDS = re.compile(r"\b[CK]\d{7,8}\b")


def run_notebook(monkeypatch, spec: Path, options: dict | None = None) -> SimpleNamespace:
    """The journey_quality notebook executed here on ``spec`` (see notebook_exec)."""
    return execute_notebook(monkeypatch, "journey_quality", spec, options)


def _copy(demo_spec: Path, folder: Path, *, language: str = "en") -> Path:
    """A copy of the demo engagement in ``language``."""
    target = folder / "acme-demo"
    shutil.copytree(demo_spec.parent, target)
    spec = target / "engagement.yaml"
    text_ = spec.read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    spec.write_text(text_, encoding="utf-8")
    return spec


@pytest.fixture(scope="module")
def demo(demo_spec):
    with pytest.MonkeyPatch.context() as mp:
        for name in ("COPCWB_PSEUDONYM_KEY", "COPCWB_SIGNING_KEY", "COPCWB_SIGNING_KEY_FILE"):
            mp.delenv(name, raising=False)
        yield run_notebook(mp, demo_spec)


def _identifiers(demo_spec: Path) -> set[str]:
    data = demo_spec.parent / "data"
    journeys = pd.read_csv(data / "journeys.csv", dtype=str)
    survey = pd.read_csv(data / "survey.csv", dtype=str)
    return set(journeys["contact_id"]) | set(journeys["customer_id"]) | set(survey["contact_id"])


# -- the demo's planted effects -------------------------------------------------------------


def test_broken_callback_promises_are_found_in_technical_support(demo):
    rates = demo.rates.set_index(["program", "checkpoint"])
    support = rates.loc[("Technical Support", "callback_on_time"), "failure_rate"]
    others = [rates.loc[(p, "callback_on_time"), "failure_rate"] for p in
              ("Consumer Billing", "Retention Sales")]  # fmt: skip
    # planted: about 45% of Technical Support's promises broken, 6-8% elsewhere
    assert 0.35 < support < 0.55 and max(others) < 0.15
    assert "callback_on_time_failed" in demo.critical.proven
    actions = demo.figures["actions"]
    callback = actions[actions["kind"] == "checkpoint"]
    assert any(
        f.startswith("Technical Support: Promised callback made on time")
        for f in callback["finding"]
    )


def test_long_ivr_hurts_beyond_120_seconds(demo):
    ivr = demo.thresholds.results["ivr_seconds"]
    low, high = ivr.threshold_ci
    assert 100 <= ivr.threshold <= 150 and low <= 120 <= high


def test_bot_dead_ends_are_followed_by_repeat_contacts(demo):
    pooled = demo.grid.checkpoints.set_index("checkpoint")
    unresolved = pooled.loc["bot_resolved", "n_failed"]
    dead_ends = pooled.loc["bot_no_dead_end", "n_failed"]
    # planted: 60% of the contacts followed by a repeat had an unresolved session, 15% of
    # the others; with about 26% repeats, P(repeat | unresolved) = 0.6 x 0.26 / (0.6 x 0.26
    # + 0.15 x 0.74) = 0.58
    assert dead_ends / unresolved == pytest.approx(0.58, abs=0.05)
    assert "bot_resolved_failed" in demo.critical.proven
    plan = demo.plan.table
    bot = plan[plan["subject"] == "bot_resolved"]
    assert bot["action_class"].tolist() == ["system_change"]  # a bot touchpoint


def test_key_figures(demo):
    figures = demo.figures
    assert figures["worst_touchpoint"]["touchpoint"] in {"ivr", "self_service", "callback"}
    assert {"callback_on_time", "bot_resolved"} <= set(figures["customer_critical"])
    assert 0 < figures["share_at_risk"] < 0.2
    assert figures["calibration"]["hl_df"] == 8
    assert figures["review_size"] == 50
    human = {"agent_courtesy", "agent_knowledge", "agent_ownership", "bot_answers_clear"}
    assert human <= set(figures["human_qa"])
    assert json.loads(json.dumps(results.to_jsonable(figures)))  # results.json can hold them


def test_every_section_is_shown(demo):
    for key in (
        "journey.section.summary",
        "journey.section.matrix",
        "journey.section.rates",
        "journey.section.effects",
        "journey.effects.thresholds_title",
        "journey.section.score",
        "journey.section.review",
        "journey.section.human_qa",
        "journey.section.methods",
        "action.section",
    ):
        assert text(key, "en") in demo.html, key
    assert demo.html.count("<img") >= 5  # the matrix, three thresholds, the calibration


def test_no_raw_contact_or_customer_id_in_the_report_or_its_figures(demo, demo_spec):
    identifiers = _identifiers(demo_spec)
    recorded = json.dumps(results.to_jsonable(demo.figures), ensure_ascii=False)
    for output in (demo.html, recorded):
        assert not set(IDS.findall(output)) & identifiers
    shown = set(demo.review.table["contact"])
    assert len(shown) == 50 and all(p.startswith("P-") for p in shown)


@pytest.mark.parametrize("language", ["zh-Hant", "zh-Hans"])
def test_the_report_in_chinese(language, demo_spec, tmp_path, monkeypatch):
    got = run_notebook(monkeypatch, _copy(demo_spec, tmp_path, language=language))
    assert text("journey.section.matrix", language) in got.html
    shown = re.sub(r"<[^>]+>", "", got.html)
    assert not re.search(r"(?<!copcwb\.)journey\.[a-z_]+\.", shown)  # no catalog key as text
    assert text("journey.touchpoint.callback", language) in got.html


# -- journeys unlike the demo's -------------------------------------------------------------


def test_a_journeys_file_with_three_optional_columns_still_runs(demo_spec, tmp_path, monkeypatch):
    spec = _copy(demo_spec, tmp_path)
    path = spec.parent / "data" / "journeys.csv"
    journeys = pd.read_csv(path, dtype=str)
    kept = ["contact_id", "customer_id", "program", "channel", "start_time"]
    journeys[[*kept, "ivr_seconds", "transfers", "resolved_flag"]].to_csv(path, index=False)
    got = run_notebook(monkeypatch, spec)
    status = got.rates.drop_duplicates("checkpoint").set_index("checkpoint")["status"]
    assert status["ivr_within_threshold"] == "computed"
    assert status["no_transfer"] == "computed" and status["marked_resolved"] == "computed"
    assert status["callback_on_time"] == "needs_data" and status["bot_resolved"] == "needs_data"
    left = got.left.set_index("checkpoint")
    assert (
        left.loc["case_closed_within_sla", "missing"] == "case_opened_at case_closed_at sla_hours"
    )
    assert text("journey.status.needs_data", "en") in got.html
    assert got.figures["share_at_risk"] is not None


def test_without_a_survey_the_effects_say_why(demo_spec, tmp_path, monkeypatch):
    spec = _copy(demo_spec, tmp_path)
    lines, kept, in_csat = spec.read_text(encoding="utf-8").splitlines(), [], False
    for x in lines:  # without the survey and the csat_drivers options (a block of lines)
        in_csat = x.startswith("  csat_drivers") or (in_csat and x.startswith("    "))
        if "survey:" not in x and not in_csat:
            kept.append(x)
    spec.write_text("\n".join(kept) + "\n")
    spec.write_text(spec.read_text().replace("inputs:", "run: [journey_quality]\ninputs:"))
    got = run_notebook(monkeypatch, spec)
    assert "the engagement has no survey" in got.html
    assert got.figures["share_at_risk"] is None and got.figures["customer_critical"] == []
    assert got.figures["checkpoints"]["failure_rate"].notna().any()


# -- sentences from hand-made results --------------------------------------------------------


def t(key: str, **values: object) -> str:
    return text(key, "en", **values)


def test_the_dead_end_sentence():
    pooled = pd.DataFrame(
        {
            "checkpoint": ["bot_resolved", "bot_no_dead_end"],
            "n_failed": [200, 116],
            "status": ["computed", "computed"],
        }
    )
    # 116 dead ends of 200 unresolved sessions: 58.0%
    assert txt.dead_end_sentence(pooled, formats.Context(t)) == (
        "Of the 200 bot sessions that did not resolve the request, 58.0% were followed by a "
        "repeat contact within the window: a dead end for the customer."
    )
    assert txt.dead_end_sentence(pooled.head(1), formats.Context(t)) is None


def test_a_checkpoint_is_named_by_its_label_else_its_id_in_words():
    c = formats.Context(t, labels={"callback_on_time": "Callback on time"})
    assert c.checkpoint("callback_on_time") == "Callback on time"
    assert c.checkpoint("long_hold") == "Long hold"
    assert c.touchpoint("self_service") == "Self-service / bot"
    assert c.touchpoint("lobby") == "Lobby"
    assert formats.rate_ci(0.301, 0.274, 0.33, t) == "30.1% (27.4% to 33.0%)"
