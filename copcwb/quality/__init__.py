"""Quality: critical-error accuracy, sampling, error Pareto and contact resolution.

Critical-error accuracy comes from process monitoring by default; individual and
targeted monitoring are reported as separate rows (``monitoring_type``), never
pooled into the process figure.

Tables (DataFrames): ``critical_error_accuracy``, ``sample_adequacy``,
``error_pareto``, ``contact_resolution``, ``accuracy_targets``, ``judge_accuracy``.
Result objects of the assessment, each taking an input an engagement may lack
(``None`` in, ``None`` out): ``judged_accuracy``, ``qa_sample_adequacy``,
``qa_error_pareto``, ``resolution_by_window``.
"""

from copcwb.quality.agents import AgentVariationResult, agent_variation
from copcwb.quality.critical_errors import critical_error_accuracy
from copcwb.quality.intervals import achieved_margin, sample_size, wilson_interval
from copcwb.quality.pareto import ErrorPareto, error_pareto, qa_error_pareto
from copcwb.quality.people import ProcessOrPeople, process_or_people
from copcwb.quality.plots import plot_accuracy, plot_funnel, plot_resolution
from copcwb.quality.resolution import (
    Resolution,
    ResolutionWindows,
    contact_resolution,
    flag_repeats,
    resolution_by_window,
)
from copcwb.quality.sampling import (
    SampleAdequacy,
    months_adequate,
    qa_sample_adequacy,
    sample_adequacy,
)
from copcwb.quality.targets import (
    BELOW,
    MEETS,
    NO_TARGET,
    WITHIN,
    JudgedAccuracy,
    accuracy_targets,
    judge_accuracy,
    judged_accuracy,
)

__all__ = [
    "AgentVariationResult",
    "BELOW",
    "MEETS",
    "ProcessOrPeople",
    "NO_TARGET",
    "WITHIN",
    "ErrorPareto",
    "JudgedAccuracy",
    "Resolution",
    "ResolutionWindows",
    "SampleAdequacy",
    "accuracy_targets",
    "achieved_margin",
    "agent_variation",
    "contact_resolution",
    "critical_error_accuracy",
    "error_pareto",
    "flag_repeats",
    "judge_accuracy",
    "judged_accuracy",
    "months_adequate",
    "plot_accuracy",
    "plot_funnel",
    "plot_resolution",
    "process_or_people",
    "qa_error_pareto",
    "qa_sample_adequacy",
    "resolution_by_window",
    "sample_adequacy",
    "sample_size",
    "wilson_interval",
]
