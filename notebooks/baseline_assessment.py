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
# # Baseline assessment
#
# Levels against target, trends, certification-style readiness, the maturity stage,
# critical-error accuracy and contact resolution, from the engagement's KPIs and, when it
# has them, its QA export and contact log (a missing one is reported as not available).
#
# To adapt it, change one argument (a threshold, a target, a repeat window) and re-run that
# cell and the ones below it. The defaults use the demo engagement that `make lab` writes to
# `../demo/`; `copcwb run ENGAGEMENT.yaml` runs it with that engagement's options.

# %% tags=["parameters"]
engagement_file = "../demo/acme-demo/engagement.yaml"
options = {}  # options to change for this run; the rest come from the engagement
run_id = "interactive"
inputs_dir = None  # in a run: the folder of the validated inputs (the run's snapshot)

# %%
from copcwb import baseline, business, quality, session
from copcwb.results import record_all
from copcwb.views import baseline as show
from copcwb.views import common, data_quality
from copcwb.views.business import show as money

s = session.start("baseline_assessment", engagement_file, options, run_id, inputs_dir)
kpis = s.read("kpis")
qa = s.read_optional("qa")  # None when the engagement has no QA export
contacts = s.log_optional("contacts")  # the contact log, queried in the engine; None if absent
calibration = s.read_optional("calibration")  # the same transactions scored by several evaluators
wfm = s.read_optional("wfm")  # WFM intervals, for Erlang C in the business case; None if absent
catalog = baseline.engagement_catalog(s.read_optional("metric_catalog"), language=s.lang)

# %%
common.show_data_profile(s, ["kpis", "qa", "contacts", "calibration", "wfm"])
data_quality.show_data_quality(
    s, ["metric_catalog", "kpis", "qa", "contacts", "calibration", "wfm"]
)

# %%
result = baseline.assess(
    kpis,
    catalog,
    trend_months=s.options.trend_months,
    alpha=s.options.alpha,
    level_share=s.options.level_share,
    level_or_trend_share=s.options.level_or_trend_share,
    targets=s.engagement.targets,
    categories=s.options.categories,
)
show.scorecard(s, result)

# %%
attainment = baseline.monthly_attainment(result)  # share of metrics meeting target, per month
show.heatmap(s, result, attainment)

# %%
ready = baseline.readiness(result)
show.readiness(s, result, ready)

# %%
stage = baseline.maturity(result.scorecard, catalog, threshold=s.options.maturity_threshold)
show.maturity(s, stage)

# %%
agreement = quality.calibration_check(
    calibration,
    bands=s.options.kappa_bands,
    required_kappa=s.options.kappa_required,
    alpha=s.options.alpha,
)
accuracy = quality.judged_accuracy(
    qa,
    result.targets,
    chosen=s.options.accuracy_targets,
    confidence=s.options.qa_confidence,
)
show.critical_errors(s, accuracy, agreement=agreement)

# %%
sample = quality.qa_sample_adequacy(
    qa, margin=s.options.qa_margin, confidence=s.options.qa_confidence
)
show.sample_adequacy(s, sample)

# %%
pareto = quality.qa_error_pareto(qa, vital_share=0.80)
show.error_pareto(s, pareto)

# %%
people = quality.process_or_people(
    qa, monitoring=s.options.people_monitoring, alpha=s.options.alpha
)
show.process_or_people(s, people, agreement=agreement)

# %%
resolution = quality.resolution_by_window(
    contacts,
    windows=s.options.resolution_windows,
    same_reason=s.options.resolution_same_reason,
)
show.contact_resolution(s, resolution)

# %%
spend = baseline.spend_list(result, threshold=s.options.spend_gap)
show.spend(s, result, spend)

# %%
economics = business.engagement_economics(
    s.engagement, result.programs, scorecard=result.scorecard, wfm=wfm
)
volumes = business.annual_volumes(
    result.programs, s.engagement.business, contacts=contacts, wfm=wfm
)
rates = business.resolution_rates(resolution, result.scorecard, window="7D")
case = business.resolution_case(rates, volumes, economics, wfm=wfm)
staffing = business.staffing_at_target(wfm, economics)
release = business.over_investment(spend, economics, impact=staffing, wfm=wfm)
money.business_case(s, economics, case=case, release=release)

# %%
findings = business.baseline_findings(
    result,
    accuracy=accuracy,
    spend=spend,
    case=case,
    release=release,
    people=people,
    agreement=agreement,
    threshold=s.options.spend_gap,
)
plan = business.action_plan(findings, s.engagement.business, prefix="BA")
actions = money.action_plan(s, plan)

# %%
show.methods(
    s,
    result,
    accuracy=accuracy,
    sample=sample,
    pareto=pareto,
    resolution=resolution,
    spend=spend,
    people=people,
    agreement=agreement,
    maturity=stage,
)

# %% tags=["summary"]
facts = baseline.executive_facts(result, accuracy=accuracy, n_gaps=5)
show.executive_summary(
    s,
    result,
    facts,
    accuracy=accuracy,
    resolution=resolution,
    spend=spend,
    money=money.money_lines(s, case, release),
    top_actions=money.top_action_lines(s, plan, n=3),
    people=people,
    agreement=agreement,
    maturity=stage,
)

# %%
record_all(
    show.key_figures(
        facts,
        result=result,
        accuracy=accuracy,
        resolution=resolution,
        business_case={"resolution": case, "release": release, "economics": economics},
        actions=actions,
        people=show.people_figures(s, people, agreement),
        maturity=stage,
    )
)
