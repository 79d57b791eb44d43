"""copcwb: a Jupyter workbench for COPC-style contact-center assessments.

Importing the package is cheap; heavy modules (statsmodels, matplotlib, nbconvert)
load only when a function that needs them is called.
"""

from copcwb._version import __version__
from copcwb.engagement import Engagement, load_engagement
from copcwb.errors import AnalysisError, CopcwbError, InputError, RunError, SpecError

__all__ = [
    "AnalysisError",
    "CopcwbError",
    "Engagement",
    "InputError",
    "RunError",
    "SpecError",
    "__version__",
    "load_engagement",
]
