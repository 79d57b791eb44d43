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
# # CSAT driver analysis
#
# What drives overall satisfaction: a proportional-odds (ordinal) model of the overall rating on the driver ratings, the operational facts of the contact and the critical errors found by QA, then what each driver is worth.
#
# To adapt it, change one line and re-run that cell and the ones below it: name the drivers with `options = {"drivers": [...]}` (or under `notebooks: csat_drivers:` in the engagement), control the importance for the program with `options = {"controls": ["program"]}`, pair each perception rating with its expectation rating for the service-quality gap with `options = {"expectations": {"reliability": "exp_reliability"}}`, or pass other predictors to a step's call. The defaults use the demo engagement that `make lab` writes to `../demo/`.

# %% tags=["parameters"]
engagement_file = "../demo/acme-demo/engagement.yaml"
options = {}  # options to change for this run; the rest come from the engagement
run_id = "interactive"
inputs_dir = None  # in a run: the folder of the validated inputs (the run's snapshot)

# %%
from copcwb import business, drivers, session
from copcwb.attempt import attempt
from copcwb.results import record_all
from copcwb.views import common, data_quality
from copcwb.views import drivers as show
from copcwb.views.business import show as money

s = session.start("csat_drivers", engagement_file, options, run_id, inputs_dir)
survey = s.read("survey")

# %%
common.show_data_profile(s, ["survey"])
data_quality.show_data_quality(s, ["survey"])

# %%
dist = drivers.rating_distribution(survey, "overall", s.options.scale)
show.distribution(s, dist)

# %%
cols = drivers.survey_columns(survey, s.options, file=s.engagement.inputs.survey.path)
model = drivers.ordinal_logit(survey, "overall", cols.predictors)
show.model(s, model, cols)

# %%
brant = attempt(drivers.brant_test, model, by_predictor=True)
show.parallel_lines(s, brant)

# %%
importance = attempt(
    drivers.driver_importance,
    survey,
    "overall",
    cols.importance_drivers,
    controls=cols.controls,
    n_boot=s.options.bootstrap,
    seed=s.options.seed,
    confidence=s.options.confidence,
)
show.importance(s, importance, model, cols)

# %%
quadrant = attempt(drivers.importance_performance, survey, cols.drivers, importance=importance)
show.quadrant(s, quadrant, cols)

# %%
kano = attempt(
    drivers.kano_classes,
    survey,
    cols.drivers,
    scale=s.options.scale,
    alpha=s.options.alpha,
    confidence=s.options.confidence,
)
show.kano(s, kano, cols)

# %%
thresholds = drivers.operational_thresholds(survey, cols, confidence=s.options.confidence)
show.thresholds(s, thresholds, cols)

# %%
critical = attempt(
    drivers.critical_error_effects,
    survey,
    cols.error_flags,
    controls=cols.drivers + cols.operational,
    alpha=s.options.alpha,
    confidence=s.options.confidence,
)
show.critical_errors(s, critical, cols)

# %%
whatif = attempt(
    drivers.what_if,
    survey,
    cols.drivers,
    flags=cols.flags,
    controls=cols.operational,
    top=s.options.scale[1],
    confidence=s.options.confidence,
)
show.what_if(s, whatif, dist, cols)

# %%
segments = attempt(
    drivers.segment_models,
    survey,
    cols.predictors,
    by="program",
    min_responses=s.options.min_segment_responses,
    confidence=s.options.confidence,
)
show.segments(s, segments, cols)

# %%
pairs = s.options.expectations  # perception column -> expectation column
survey_file = s.engagement.inputs.survey.path
gaps = drivers.expectation_gap(survey, pairs, confidence=s.options.confidence, file=survey_file)
program_gaps = drivers.expectation_gap(
    survey, pairs, by="program", confidence=s.options.confidence, file=survey_file
)
gap_model = attempt(drivers.gap_model, survey, "overall", pairs)
show.expectations(s, gaps, program_gaps, gap_model)

# %%
values = business.csat_fix_value(whatif, s.engagement.business.csat_value)
money.csat_value(s, values, s.engagement.business.csat_value)

# %%
findings = business.driver_findings(
    quadrant=quadrant, thresholds=thresholds, critical=critical, values=values, gaps=gaps
)
plan = business.action_plan(findings, s.engagement.business, prefix="CD")
actions = money.action_plan(s, plan)

# %%
show.methods(s, model, cols, importance=importance, kano=kano)

# %% tags=["summary"]
show.executive_summary(
    s,
    distribution=dist,
    cols=cols,
    model=model,
    brant=brant,
    importance=importance,
    quadrant=quadrant,
    critical=critical,
    whatif=whatif,
    thresholds=thresholds,
    gaps=gaps,
    money=money.csat_money_lines(s, values),
    top_actions=money.top_action_lines(s, plan, n=3),
)

# %%
record_all(
    show.key_figures(
        model=model,
        distribution=dist,
        brant=brant,
        importance=importance,
        critical=critical,
        whatif=whatif,
        business_case={"csat_value": values},
        actions=actions,
        gaps=gaps,
        program_gaps=program_gaps,
        gap_model=gap_model,
        confidence=s.options.confidence,
    )
)
