# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown] tags=["help"]
# # Journey quality
#
# The customer's service journey checked at every touchpoint: the touchpoint × service-quality matrix, the checkpoints judged from the journeys file (a callback made when promised, a case closed within its SLA, the IVR time, transfers, repeat contacts, bot sessions that did not resolve the request), their effect on satisfaction (the ordinal model and thresholds of the CSAT driver analysis), a risk score for every contact and the review list for human QA.
#
# To adapt it, change one line and re-run that cell and the ones below it: set a checkpoint's parameter with `options = {"checkpoint_values": {"callback_on_time": 10}}` (or under `notebooks: journey_quality:` in the engagement), give the engagement its own checkpoint catalog (input `journey_checkpoints`), or pass other arguments to a step's call. The defaults use the demo engagement that `make lab` writes to `../demo/`.

# %% tags=["parameters"]
engagement_file = "../demo/acme-demo/engagement.yaml"
options = {}  # options to change for this run; the rest come from the engagement
run_id = "interactive"
inputs_dir = None  # in a run: the folder of the validated inputs (the run's snapshot)

# %%
from copcwb import business, drivers, journey, session
from copcwb.attempt import attempt
from copcwb.results import record_all
from copcwb.views import common, data_quality
from copcwb.views import journey as show
from copcwb.views.business import show as money

s = session.start("journey_quality", engagement_file, options, run_id, inputs_dir)
journeys = s.log("journeys")
contacts = s.log_optional("contacts")
survey = s.read_optional("survey")
catalog = journey.checkpoint_catalog(
    s.read_optional("journey_checkpoints"), values=s.options.checkpoint_values, language=s.lang
)

# %%
common.show_data_profile(s, ["journeys", "survey", "contacts"])
data_quality.show_data_quality(s, ["journeys", "journey_checkpoints", "survey"])

# %%
rates = journey.checkpoints(
    journeys,
    catalog,
    by=s.options.by,
    contacts=contacts,
    sla_hours=s.options.sla_hours,
    confidence=s.options.confidence,
)
grid = journey.matrix(rates, confidence=s.options.confidence)
show.matrix(s, grid, catalog)
show.rates(s, rates, grid, catalog)

# %%
linked = journey.surveyed(journeys, survey, catalog, contacts=contacts, sla_hours=s.options.sla_hours)
critical = attempt(
    drivers.critical_error_effects,
    linked.data,
    linked.flags,
    controls=linked.controls,
    alpha=s.options.alpha,
    confidence=s.options.confidence,
)
thresholds = drivers.operational_thresholds(linked.data, linked.facts, confidence=s.options.confidence)
whatif = attempt(
    drivers.what_if,
    linked.data,
    flags=linked.flags,
    controls=linked.controls,
    bottom_box=s.options.bottom_box,
    confidence=s.options.confidence,
)
show.effects(s, linked, critical, thresholds, whatif, rates, catalog)

# %%
score = attempt(
    journey.contact_score,
    journeys,
    linked,
    catalog,
    contacts=contacts,
    sla_hours=s.options.sla_hours,
    bottom_box=s.options.bottom_box,
    at_risk_ratio=s.options.at_risk_ratio,
    folds=s.options.folds,
    seed=s.options.seed,
    confidence=s.options.confidence,
)
show.calibration(s, score, catalog)

# %%
review = attempt(
    journey.review_list,
    journeys,
    score,
    catalog,
    survey=survey,
    contacts=contacts,
    sla_hours=s.options.sla_hours,
    n=s.options.review_size,
)
show.review(s, review, catalog)

# %%
left = journey.left_to_human_qa(rates, catalog)
show.human_qa(s, left, catalog)

# %%
values = business.csat_fix_value(whatif, s.engagement.business.csat_value)
show.business_case(s, values, s.engagement.business.csat_value, catalog)

# %%
findings = business.journey_findings(
    rates, catalog, critical=critical, thresholds=thresholds, values=values
)
plan = business.action_plan(findings, s.engagement.business, prefix="JQ")
actions = money.action_plan(s, plan)

# %%
show.methods(s, catalog, linked, score)

# %% tags=["summary"]
show.executive_summary(
    s,
    matrix=grid,
    rates=rates,
    catalog=catalog,
    critical=critical,
    thresholds=thresholds,
    score=score,
    money=show.money_lines(s, values, catalog),
    top_actions=money.top_action_lines(s, plan, n=3),
)

# %%
record_all(
    show.key_figures(
        matrix=grid,
        critical=critical,
        score=score,
        review=review,
        left=left,
        business_case={"csat_value": values},
        actions=actions,
    )
)
