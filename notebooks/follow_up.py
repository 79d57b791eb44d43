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
# # Follow-up comparison
#
# Two runs of one engagement, months apart: the scorecard, readiness, critical-error
# accuracy and the drivers of satisfaction then and now, and the progress of the action
# plan the client returned. A part that a run lacks is reported as not available.
#
# `copcwb compare BASELINE_RUN FOLLOW_UP_RUN --out DIR [--actions actions.xlsx]` verifies
# both runs and runs this notebook on copies of their results. The defaults compare the
# demo's latest run with itself (`make demo` writes it to `../demo/reports/`); give two
# run folders and, when the client returned it, the action plan workbook.

# %% tags=["parameters"]
baseline_run = "../demo/reports/acme-demo/latest"  # the earlier run's folder
follow_up_run = "../demo/reports/acme-demo/latest"  # the later run's folder
actions_file = None  # the action plan workbook the client returned (actions.xlsx), if any
comparison_id = "interactive"

# %%
from copcwb import followup
from copcwb.results import record_all
from copcwb.views import follow_up as show

baseline = followup.open_run(baseline_run)
follow_up = followup.open_run(follow_up_run)
s = followup.start_report(baseline, follow_up, comparison_id)
show.runs(s)

# %%
scorecard = followup.scorecard_change(baseline.results, follow_up.results)
show.scorecard(s, scorecard)

# %%
readiness = followup.readiness_change(baseline.results, follow_up.results)
show.readiness(s, readiness)

# %%
accuracy = followup.accuracy_change(baseline.results, follow_up.results, alpha=0.05)
show.critical_errors(s, accuracy)

# %%
drivers = followup.driver_change(baseline.results, follow_up.results, top=5)
show.drivers(s, drivers)

# %%
progress = followup.returned_progress(actions_file)  # None without a returned workbook
show.actions(s, progress)

# %%
show.methods(s, accuracy)

# %% tags=["summary"]
show.executive_summary(s, scorecard, readiness, accuracy, drivers, progress)

# %%
record_all(followup.comparison_figures(s, scorecard, readiness, accuracy, drivers, progress))
