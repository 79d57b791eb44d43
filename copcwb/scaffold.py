"""``copcwb new``: an engagement folder a consultant fills in.

Writes ``engagement.yaml`` with every option commented, one empty template per
input kind with the right header row, and a README for the client's data team.
Nothing that exists is overwritten.
"""

from __future__ import annotations

import re
from pathlib import Path

from copcwb.errors import InputError, Problem
from copcwb.io.columns import KINDS, InputKind
from copcwb.registry import REGISTRY

_INPUT_FILES = {
    "kpis": "kpis.csv",
    "qa": "qa.csv",
    "contacts": "contacts.csv",
    "survey": "survey.csv",
    "wfm": "wfm.csv",
    "metric_catalog": "metric_catalog.csv",
    "calibration": "calibration.csv",
    "journeys": "journeys.csv",
    "journey_checkpoints": "journey_checkpoints.csv",
}
#: the inputs the template leaves commented out, with what they are for
_OPTIONAL_INPUTS = {
    "metric_catalog": "optional: the client's own catalog and targets",
    "calibration": "optional: the same transactions scored by several evaluators",
    "journeys": "optional: one row per contact with its journey facts (journey quality)",
    "journey_checkpoints": "optional: the engagement's own journey checkpoint catalog",
}


def _options_yaml(notebook: str) -> str:
    model = REGISTRY[notebook].options
    lines = [f"  {notebook}:"]
    for name, info in model.model_fields.items():
        default = info.get_default(call_default_factory=True)
        value = _yaml_value(default)
        note = f"  # {info.description}" if info.description else ""
        lines.append(f"    # {name}: {value}{note}")
    return "\n".join(lines)


def _yaml_value(value) -> str:
    import yaml

    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True).strip()
    return text.removesuffix("...").strip()


def engagement_yaml(engagement_id: str, client: str) -> str:
    """The commented engagement.yaml of a new engagement."""
    inputs = "\n".join(
        f"  # {kind}: data/{file}   # {_OPTIONAL_INPUTS[kind]}"
        if kind in _OPTIONAL_INPUTS
        else f"  {kind}: data/{file}"
        for kind, file in _INPUT_FILES.items()
    )
    options = "\n".join(_options_yaml(nb) for nb in REGISTRY)
    return f"""# copcwb engagement spec. Paths are relative to this file. Unknown keys are errors.
client: "{client}"
engagement: {engagement_id}      # id: lowercase letters, digits and hyphens
period: {{start: "2026-01", end: "2026-12"}}   # months covered, YYYY-MM
language: en                  # en, zh-Hant or zh-Hans
prepared_by: ""               # shown on the cover of every report
timezone: UTC                 # IANA zone of local times in the inputs, e.g. Asia/Taipei
# run: [baseline_assessment, csat_drivers, forecast_accuracy, journey_quality]   # notebooks
#                             # to run; without run:, journey_quality is skipped (with the
#                             # reason) when there is no journeys input

inputs:                       # a path, or a mapping with path: and how to read it:
{inputs}
  # Full form of an input, for exports that need it:
  # wfm:
  #   path: data/wfm.xlsx
  #   sheet: Intervals          # Excel sheet name or 0-based index
  #   header_row: 3             # row number of the header (title rows above it are skipped)
  #   encoding: big5            # utf-8, utf-8-sig, utf-16, big5, gbk (detected when omitted)
  #   delimiter: ";"            # detected when omitted
  #   decimal: ","              # when numbers use a decimal comma
  #   date_format: "%d/%m/%Y"   # needed for ambiguous dates like 01/02/2026
  #   timezone: Asia/Taipei     # zone of timestamps without a UTC offset
  #   columns:                  # our column name: the header in the client's file
  #     actual_volume: "實際來電量"

# targets:                    # per-program target overrides (they win over the catalog)
#   Consumer Billing: {{service_level: 0.85, aht_s: 280}}

notebooks:                    # options of each notebook (defaults shown)
{options}

# business:                   # the economics and owners of the findings (all optional)
#   currency: USD
#   annual_volume: {{Consumer Billing: 620000}}   # contacts a year; default: the contact
#                             # log or the WFM export, annualised
#   cost_per_contact: 4.44    # default: the KPI cost_per_contact of the latest month
#   loaded_cost_per_fte: 45000   # a year; placeholder 45,000 until set (marked in reports)
#   paid_hours_per_fte: 1800     # placeholder 1,800
#   open_hours_per_year: 4380    # for Erlang C without WFM intervals; placeholder 12 h x 365
#   shrinkage: 0.30           # default: WFM actual shrinkage, else the KPI shrinkage
#   queues: {{Consumer Billing: [billing_voice]}}   # program -> its WFM queues
#   csat_value: {{per_point: 250000}}   # a year per point of top box; no default: without
#                             # it the value of a CSAT fix stays in points
#   bias_threshold: 0.03      # daily forecast bias that becomes an action (placeholder)
#   rasic:                    # role -> R, A, S, I or C per action class; R owns the action
#     Operations manager: {{process_change: R, loss_control: A, coaching: A}}
#     Team leaders: {{coaching: R, loss_control: R}}
#     Training lead: {{training: R}}
#     IT and product owner: {{system_change: R}}
#   action_classes: {{fix_first_driver: training}}   # finding kind -> action class
#   due_days: {{1: 30, 2: 60, 3: 90}}   # days to an action's due date by priority

# runner:
#   timeout_s: 900            # longest any one cell may run, seconds
#   timeouts: {{csat_drivers: 1800}}
#   memory_limit: 2GB         # memory the engine may use per process (spills to disk beyond)
"""


def data_readme(client: str) -> str:
    """The README for the client's data team: what each file must hold."""
    parts = [
        f"# Data request: {client}\n",
        "Please export one file per section below into the `data/` folder, keeping the "
        "header row of the template (or tell us your own headers: we map them). CSV (UTF-8, "
        "Big5 or GBK), Excel or Parquet are all fine. Do not edit values by hand.\n",
    ]
    for kind in _INPUT_FILES:
        parts.append(_kind_section(KINDS[kind]))
    return "\n".join(parts)


def _kind_section(kind: InputKind) -> str:
    lines = [
        f"## {kind.title} (`{_INPUT_FILES[kind.name]}`)",
        "",
        f"One row per {kind.row_is}.",
        "",
        "| column | required | meaning | example |",
        "|---|---|---|---|",
    ]
    for c in kind.columns:
        allowed = f" ({', '.join(c.allowed)})" if c.allowed else ""
        lines.append(
            f"| {c.name} | {'yes' if c.required else 'no'} | {c.meaning}{allowed} | {c.example} |"
        )
    if kind.extra_columns:
        lines += ["", f"Also: {kind.extra_columns}."]
    return "\n".join(lines) + "\n"


def scaffold(name: str, folder: str | Path = ".", *, client: str | None = None) -> Path:
    """Create ``folder/name/`` with engagement.yaml, data templates and README.md.

    Raises InputError when ``name`` is not a valid id or the folder exists.
    """
    if not re.fullmatch(r"[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?", name):
        raise InputError(
            Problem(
                file=name,
                problem="not a valid engagement id",
                fix="use lowercase letters, digits and hyphens, e.g. acme-2026q3",
            )
        )
    root = Path(folder) / name
    if root.exists():
        raise InputError(
            Problem(
                file=str(root),
                problem="folder exists already",
                fix="choose another name or folder; nothing was changed",
            )
        )
    (root / "data").mkdir(parents=True)
    client = client or name
    (root / "engagement.yaml").write_text(engagement_yaml(name, client), encoding="utf-8")
    (root / "README.md").write_text(data_readme(client), encoding="utf-8")
    for kind, file in _INPUT_FILES.items():
        header = ",".join(c.name for c in KINDS[kind].columns if c.required or kind != "survey")
        if kind == "survey":
            header += ",reliability,responsiveness,assurance,empathy,tangibles"
        (root / "data" / file).write_text(header + "\n", encoding="utf-8")
    return root


def copy_notebooks(folder: str | Path) -> list[Path]:
    """Copy the workbench's notebooks and their jupytext ``.py`` twins into ``folder``
    (created when missing), to open and adapt in JupyterLab when copcwb was installed
    from a wheel. Returns the files written. Raises InputError naming every file that
    already exists there, and writes nothing, so a consultant's edits are never lost."""
    import shutil

    from copcwb.paths import notebooks_dir
    from copcwb.registry import ALL_NOTEBOOKS

    folder = Path(folder)
    sources = [notebooks_dir() / f"{n}{ext}" for n in ALL_NOTEBOOKS for ext in (".ipynb", ".py")]
    taken = [folder / s.name for s in sources if (folder / s.name).exists()]
    if taken:
        raise InputError(
            [
                Problem(
                    file=str(t),
                    problem="already exists; notebooks are never overwritten",
                    fix="choose another --out folder, or move the file away first",
                )
                for t in taken
            ]
        )
    folder.mkdir(parents=True, exist_ok=True)
    return [Path(shutil.copy2(s, folder / s.name)) for s in sources]
