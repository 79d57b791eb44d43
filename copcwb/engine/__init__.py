"""The embedded columnar engine (DuckDB) that row-level logs are queried through.

Contact logs, QA records, WFM intervals and journeys can hold tens of millions of rows.
They are validated in chunks into Parquet snapshots (``copcwb.io.streamed``) and queried here:
the heavy aggregations run in DuckDB, out of core when they need more memory than the
limit allows, and hand small pandas frames to the analyses.
"""

from copcwb.engine.connection import connect, engine_error, memory_limit
from copcwb.engine.tables import LogTable, as_relation

__all__ = ["LogTable", "as_relation", "connect", "engine_error", "memory_limit"]
