"""Seeded, realistic synthetic engagements ("Acme Telecom (demo)") for trying the workbench.

``generate_demo(seed)`` returns the demo's seven input tables (the six exports and a
calibration sample of QA transactions scored by four evaluators, one of them lenient);
``write_demo_inputs(folder, seed)`` writes them as CSV files; ``DEMO`` describes the demo
and what its analysis should find.

Engagements shaped unlike the demo, as clients send them: ``SHAPES`` names them ("demo",
"ratings_only", "ratings_one_program", "client_scale", "kpi_only", "no_optional_columns");
``write_engagement(folder, shape, seed=...)`` writes one (engagement.yaml and data/*.csv),
``generate_engagement(shape, seed)`` returns its tables. A shape is an
:class:`EngagementShape` (inputs, programs, omitted columns, months, weeks and a
:class:`SurveyShape`: responses, scale, driver names); ``resolve_shape("ratings_only",
programs=(...))`` changes any of its fields.

The large demo, a big client's engagement for trying scale: ``write_large(folder,
seed=..., contacts=5_000_000)`` writes it (80 programs of ``LARGE_PROGRAMS``, QA, survey
and WFM scaled with the contacts as ``LargeSize`` says), a table at a time in chunks so
memory stays bounded; ``write_large_tables`` writes only its data files;
``LARGE_PLANTED`` says what its analysis should find.
"""

from copcwb.synth._demo import generate_demo, write_demo_inputs
from copcwb.synth._engagement import (
    engagement_yaml,
    generate_engagement,
    resolve_shape,
    write_engagement,
)
from copcwb.synth._large import write_large, write_large_tables
from copcwb.synth._large_spec import PLANTED as LARGE_PLANTED
from copcwb.synth._large_spec import PROGRAMS as LARGE_PROGRAMS
from copcwb.synth._large_spec import LargeSize
from copcwb.synth._shapes import SHAPES, EngagementShape, SurveyShape, optional_columns
from copcwb.synth._spec import DEMO, DemoSpec

__all__ = [
    "DEMO",
    "SHAPES",
    "DemoSpec",
    "EngagementShape",
    "LARGE_PLANTED",
    "LARGE_PROGRAMS",
    "LargeSize",
    "SurveyShape",
    "engagement_yaml",
    "generate_demo",
    "generate_engagement",
    "optional_columns",
    "resolve_shape",
    "write_demo_inputs",
    "write_engagement",
    "write_large",
    "write_large_tables",
]
