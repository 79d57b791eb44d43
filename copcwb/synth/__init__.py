"""A seeded, realistic demo engagement ("Acme Telecom (demo)") for trying the workbench.

``generate_demo(seed)`` returns the five input tables; ``write_demo_inputs(folder, seed)``
writes them as CSV files; ``DEMO`` describes the engagement and what its analysis should find.
"""

from copcwb.synth._demo import generate_demo, write_demo_inputs
from copcwb.synth._spec import DEMO, DemoSpec

__all__ = ["DEMO", "DemoSpec", "generate_demo", "write_demo_inputs"]
