"""Running engagements: execute notebooks with papermill, render, publish."""

from copcwb.runner.run import NotebookRun, RunResult, run_engagement

__all__ = ["NotebookRun", "RunResult", "run_engagement"]
