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
# # Workforce forecast accuracy
#
# Forecast against actual volume and handle time, the noise floor, a naive benchmark and
# the staffing cost of the error, one step per cell. To adapt it, change an argument of a
# step (a tolerance, a target, the naive lag, the service-level target) and re-run that
# cell and the ones after it; `copcwb run ENGAGEMENT.yaml` runs it for a client.

# %% tags=["parameters"]
engagement_file = "../demo/acme-demo/engagement.yaml"
options = {}  # options to change for this run; the rest come from the engagement
run_id = "interactive"
inputs_dir = None  # in a run: the folder of the validated inputs (the run's snapshot)

# %%
from copcwb import business, forecast, session, staffing
from copcwb.results import record_all
from copcwb.views import common, data_quality
from copcwb.views import forecast as show
from copcwb.views.business import show as money

s = session.start("forecast_accuracy", engagement_file, options, run_id, inputs_dir)
wfm = s.read("wfm")

# %%
common.show_data_profile(s, ["wfm"])
data_quality.show_data_quality(s, ["wfm"])

# %%
acc = forecast.accuracy_by_level(
    wfm,
    tolerances=s.options.tolerances,
    tolerance=s.options.tolerance,
    targets=s.options.hit_targets,
    denominator=s.options.denominator,
    min_actual=s.options.min_actual,
)
floor = forecast.noise_floor_by_level(
    wfm,
    tolerances=s.options.tolerances,
    tolerance=s.options.tolerance,
    denominator=s.options.denominator,
    min_actual=s.options.min_actual,
)
show.accuracy(s, acc, floor)

# %%
patterns = forecast.error_patterns_by_queue(
    wfm,
    tolerance=s.options.tolerance,
    denominator=s.options.denominator,
    min_actual=s.options.min_actual,
)
show.patterns(s, patterns, acc, floor)

# %%
naive = forecast.naive_comparison(wfm, lag_days=s.options.naive_lag_days)
show.naive(s, naive)

# %%
impact = staffing.staffing_impact(
    wfm, target_sl=s.options.sl_target, threshold_s=s.options.sl_threshold_s
)
show.staffing(s, impact)

# %%
shrinkage = staffing.shrinkage_comparison(wfm, level="day")
show.shrinkage(s, shrinkage)

# %%
checks = forecast.data_checks(wfm, expected="open_hours")
show.data_checks(s, checks)

# %%
economics = business.engagement_economics(
    s.engagement, business.queue_programs(wfm, s.engagement.business), wfm=wfm
)
cost = business.forecast_error_cost(impact, wfm, economics)
money.forecast_cost(s, cost, economics)

# %%
findings = business.bias_findings(acc, cost, threshold=s.engagement.business.bias_threshold)
plan = business.action_plan(findings, s.engagement.business, prefix="FA")
actions = money.action_plan(s, plan)

# %%
show.methods(s, acc=acc, checks=checks, naive=naive, impact=impact)

# %% tags=["summary"]
show.executive_summary(
    s,
    checks=checks,
    acc=acc,
    floor=floor,
    patterns=patterns,
    naive=naive,
    impact=impact,
    shrinkage=shrinkage,
    money=money.forecast_money_lines(s, cost),
    top_actions=money.top_action_lines(s, plan, n=3),
)

# %%
record_all(
    show.key_figures(
        s,
        acc=acc,
        floor=floor,
        naive=naive,
        impact=impact,
        business_case={"forecast_cost": cost, "economics": economics},
        actions=actions,
    )
)
