"""Scale: the large demo at a few sizes, validated and run, against a plain CSV read.

Run:  .venv/bin/python benchmarks/bench_scale.py [--sizes 1000000,5000000,20000000]
      [--seed 2026] [--tmp DIR] [--keep] [--no-run]

For each size (contacts; QA, survey and WFM scale with them, see ``copcwb.synth.LargeSize``)
the large demo is generated into a temporary folder (``copcwb demo --size large --contacts
N --no-run``), then validated (``copcwb validate``) and run (``copcwb run --quiet``), each
as a process of its own. Printed:

- seconds per stage: generate, plain read, validate, run, and per notebook of the run
  (from the run's manifest.json: the notebook's seconds, with its kernel start and
  papermill overhead, its cells and its rendering), and what the run spent outside the
  notebooks (validating and snapshotting the inputs, publishing);
- peak memory per process: the process tree of each stage is sampled every 0.2 s with
  psutil (RSS, and PSS and USS where ``memory_full_info`` gives them: a kernel forked
  from the fork server shares its pages with the server, so its RSS overstates what it
  costs; PSS counts shared pages pro rata). Reported: the stage's main process (for
  ``copcwb run`` the runner), the fork server, the largest kernel, and the largest other
  process (a validation worker, the resource tracker);
- the ratio of validate + run (and of the run alone) to a plain ``pyarrow.csv.read_csv``
  of the same input files, timed in this run (in a process of its own);
- contact resolution: ``copcwb.quality.contact_resolution(contacts, window="7D",
  by=("program", "channel"))`` on the run's validated snapshot
  (``<run_dir>/inputs/contacts.parquet``, as the notebooks query it: a
  ``copcwb.engine.LogTable``; before the engine, the frame ``read_snapshot`` loads)
  against the same query in DuckDB SQL on the same Parquet file (each the best of two
  runs), with the ratio of the two and whether their counts agree. The query: a contact
  is resolved when the same customer has no further contact in the same program
  (contact_resolution's default ``match_within``) within 7 days after it (a contact
  exactly 7 days later is a repeat); a contact whose 7 days run past the latest start
  time in the log is censored (left out).
  It orders a customer's contacts by start time only, as one would write it; copcwb breaks
  ties by row order, so counts per channel could differ where one customer has two
  contacts in the same second in different channels (the demo has none).

Targets on the 2-core machine (issue "big clients on one machine"): 5M contacts end to
end within 40x the plain read; peak memory of any process under 3 GB at 5M and under
6 GB at 20M; 20M completes; contact resolution within 2x the direct DuckDB query.
Timings on a shared machine move by 10-30 %; this script prints, it never asserts.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

PY = sys.executable
DEFAULT_SIZES = (1_000_000, 5_000_000, 20_000_000)
SAMPLE_S = 0.2
READS = 3
RESOLUTION_RUNS = 2
MB = 1024 * 1024
ROLES = ("main", "fork server", "kernel", "other")


# --- memory of a process tree ------------------------------------------------------------


@dataclass
class Peaks:
    """The largest RSS, PSS and USS (bytes) seen per role, and how many kernels ran."""

    memory: dict[str, dict[str, int]] = field(default_factory=dict)
    kernels: set[int] = field(default_factory=set)

    def add(self, role: str, values: dict[str, int]) -> None:
        seen = self.memory.setdefault(role, {})
        for name, value in values.items():
            seen[name] = max(seen.get(name, 0), value)

    def text(self, role: str) -> str:
        m = self.memory.get(role)
        if not m:
            return "-"
        parts = [f"{m[k] / MB:,.0f}" if k in m else "?" for k in ("rss", "pss", "uss")]
        return " / ".join(parts)


def _memory(proc: psutil.Process) -> dict[str, int]:
    try:
        full = proc.memory_full_info()
        return {k: int(getattr(full, k)) for k in ("rss", "pss", "uss") if hasattr(full, k)}
    except psutil.AccessDenied:
        return {"rss": int(proc.memory_info().rss)}


class Sampler(threading.Thread):
    """Samples the memory of a process and all its descendants until stopped.

    Roles: the process itself is "main"; its child whose command line names the
    multiprocessing fork server is the "fork server" (kernels are forked from it, so they
    are its children, not the runner's, with its command line); such a child, or a
    process running ipykernel, is a "kernel"; anything else (the resource tracker, a
    helper the fork server starts) is "other"."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.root = psutil.Process(pid)
        self.peaks = Peaks()
        self.roles: dict[int, str] = {}
        self.done = threading.Event()

    def _role(self, proc: psutil.Process) -> str:
        if proc.pid not in self.roles:
            if proc.pid == self.root.pid:
                role = "main"
            else:
                parent = proc.ppid()
                command = " ".join(proc.cmdline())
                if "forkserver" in command and parent == self.root.pid:
                    role = "fork server"
                elif "ipykernel" in command or (
                    self.roles.get(parent) == "fork server" and "forkserver" in command
                ):
                    role = "kernel"
                else:
                    role = "other"
            self.roles[proc.pid] = role
        return self.roles[proc.pid]

    def sample(self) -> None:
        try:
            family = [self.root, *self.root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        family.sort(key=lambda p: p.pid != self.root.pid)  # the root first, then by age
        for proc in family:
            try:
                role = self._role(proc)
                self.peaks.add(role, _memory(proc))
            except (psutil.NoSuchProcess, psutil.ZombieProcess):
                continue
            if role == "kernel":
                self.peaks.kernels.add(proc.pid)

    def run(self) -> None:
        while not self.done.is_set():
            self.sample()
            self.done.wait(SAMPLE_S)

    def stop(self) -> Peaks:
        self.done.set()
        self.join()
        return self.peaks


@dataclass
class Stage:
    name: str
    seconds: float
    peaks: Peaks
    stdout: str


def measured(name: str, command: list[str], *, check: bool = True) -> Stage:
    """Run ``command`` as a process, sampling its process tree's memory; its wall time."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = Sampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    peaks = sampler.stop()
    if check and proc.returncode != 0:
        raise SystemExit(f"{name} failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return Stage(name, seconds, peaks, stdout)


# --- helpers run as processes of their own -------------------------------------------------


def plain_read(spec: Path) -> dict:
    """Seconds to read every input file of the engagement with pyarrow.csv.read_csv (the
    best of READS reads: the files are in the page cache after the first, as they are for
    validate and run, which follow)."""
    import pyarrow.csv

    from copcwb.engagement import load_engagement

    engagement = load_engagement(spec)
    paths = [engagement.folder / s.path for s in engagement.input_specs().values()]
    times = []
    for _ in range(READS):
        start = time.perf_counter()
        rows = {p.name: pyarrow.csv.read_csv(p).num_rows for p in paths}
        times.append(time.perf_counter() - start)
    return {
        "seconds": min(times),
        "rows": rows,
        "bytes": sum(p.stat().st_size for p in paths),
    }


DUCKDB_RESOLUTION = """
WITH c AS (
    SELECT program, channel, start_time,
           lead(start_time) OVER (
               PARTITION BY program, customer_id ORDER BY start_time
           ) AS next_start
    FROM read_parquet(?)
), e AS (SELECT max(start_time) AS data_end FROM c)
SELECT program, channel,
       count(*) FILTER (WHERE start_time + INTERVAL 7 DAY <= data_end) AS n_contacts,
       count(*) FILTER (
           WHERE start_time + INTERVAL 7 DAY <= data_end
             AND (next_start IS NULL OR next_start - start_time > INTERVAL 7 DAY)
       ) AS n_resolved,
       count(*) FILTER (WHERE start_time + INTERVAL 7 DAY > data_end) AS n_censored
FROM c CROSS JOIN e
GROUP BY program, channel
ORDER BY program, channel
"""


def _timed(call, runs: int) -> tuple[object, list[float]]:
    """``call()``'s result and the seconds of each of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return result, times


def _same_counts(ours, theirs) -> bool:
    keys = ["program", "channel"]
    counts = ["n_contacts", "n_resolved", "n_censored"]

    def tidy(frame):
        frame = frame[keys + counts].astype({k: str for k in keys} | {c: "int64" for c in counts})
        return frame.sort_values(keys).reset_index(drop=True)

    return bool(tidy(ours).equals(tidy(theirs)))


def resolution(run_dir: Path) -> dict:
    """contact_resolution on the run's snapshot against the same query in DuckDB, each
    RESOLUTION_RUNS times (copcwb on a fresh snapshot object each time)."""
    import duckdb

    from copcwb.io.snapshot import read_snapshot
    from copcwb.quality import contact_resolution

    path = run_dir / "inputs" / "contacts.parquet"
    try:  # the snapshot as the notebooks query it: through the engine, not loaded
        from copcwb.engine import LogTable

        def contacts():
            return LogTable(path, "contacts")

        how = "engine (LogTable)"
    except ImportError:  # before the engine: the snapshot loaded as a frame
        frame = read_snapshot(path)[0]

        def contacts():
            return frame

        how = "frame (read_snapshot)"
    ours, ours_s = _timed(
        lambda: contact_resolution(contacts(), window="7D", by=("program", "channel")),
        RESOLUTION_RUNS,
    )
    theirs, theirs_s = _timed(
        lambda: duckdb.execute(DUCKDB_RESOLUTION, [str(path)]).df(), RESOLUTION_RUNS
    )
    return {
        "how": how,
        "copcwb_s": ours_s,
        "duckdb_s": theirs_s,
        "groups": len(ours),
        "match": _same_counts(ours, theirs),
        "rate": float(ours["n_resolved"].sum() / ours["n_contacts"].sum()),
    }


def _helper(mode: str, arg: str) -> dict:
    return measured(mode, [PY, __file__, f"--{mode}", arg])


# --- one size ------------------------------------------------------------------------------


def _notebooks(run_dir: Path) -> dict[str, dict]:
    manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    return manifest["notebooks"]


def _peak(stage: Stage) -> int:
    """The largest PSS (else RSS) of any process of the stage, bytes."""
    return max(m.get("pss", m.get("rss", 0)) for m in stage.peaks.memory.values())


def _memory_line(stage: Stage) -> str:
    p = stage.peaks
    line = f"main {p.text('main')}"
    if "kernel" in p.memory:
        line += f"; fork server {p.text('fork server')}; largest kernel {p.text('kernel')}"
        line += f" ({len(p.kernels)} kernels)"
    if "other" in p.memory:
        line += f"; largest other {p.text('other')}"
    return line


def _line(label: str, seconds: float, stage: Stage) -> None:
    print(f"{label:<32}{seconds:>10.2f}   {_memory_line(stage)}")


def one_size(n: int, *, seed: int, tmp: Path, run: bool, keep: bool) -> dict:
    """Generate, read, validate and (with ``run``) run the large demo of ``n`` contacts;
    print the figures and return the main ones."""
    from copcwb.synth import LargeSize

    size = LargeSize(n)
    folder = Path(tempfile.mkdtemp(prefix=f"scale-{n}-", dir=tmp))
    demo = [PY, "-m", "copcwb", "demo", "--out", str(folder), "--size", "large"]
    gen = measured("generate", [*demo, "--contacts", str(n), "--seed", str(seed), "--no-run"])
    spec = folder / "acme-large" / "engagement.yaml"
    read = _helper("read", str(spec))
    read_info = json.loads(read.stdout)
    validate = measured("validate", [PY, "-m", "copcwb", "validate", str(spec)])
    print(
        f"\n== {n:,} contacts: QA {size.qa:,}, survey {size.survey:,}, WFM {size.queues} queues;"
        f" inputs {read_info['bytes'] / MB:,.0f} MB"
    )
    print(f"{'stage':<32}{'seconds':>10}   peak memory MB (RSS / PSS / USS)")
    _line("generate", gen.seconds, gen)
    _line("plain read (pyarrow.csv)", read_info["seconds"], read)
    _line("validate", validate.seconds, validate)
    out = {"contacts": n, "generate_s": gen.seconds, "read_s": read_info["seconds"],
           "validate_s": validate.seconds, "peak_validate_mb": _peak(validate) / MB}  # fmt: skip
    if run:
        out.update(_run(spec, folder, read_info["seconds"], validate.seconds))
    if keep:
        print(f"kept {folder}")
    else:
        shutil.rmtree(folder)
    return out


def _run(spec: Path, folder: Path, read_s: float, validate_s: float) -> dict:
    """Run the engagement and compare its contact resolution with DuckDB's."""
    reports = folder / "reports"
    command = [PY, "-m", "copcwb", "run", str(spec), "--out", str(reports), "--quiet"]
    run_stage = measured("run", command)
    index = [line for line in run_stage.stdout.splitlines() if line.endswith("index.html")]
    run_dir = Path(index[-1].strip()).parent
    _line("run", run_stage.seconds, run_stage)
    inside = 0.0
    for name, nb in _notebooks(run_dir).items():
        t = nb.get("timings") or {}
        inside += nb["seconds"]
        detail = ", ".join(f"{k.removesuffix('_s')} {v:.1f}" for k, v in t.items())
        print(f"  {name:<30}{nb['seconds']:>10.2f}   ({detail})")
    print(f"  {'outside the notebooks':<30}{run_stage.seconds - inside:>10.2f}")
    ratio_run = run_stage.seconds / read_s
    ratio_all = (validate_s + run_stage.seconds) / read_s
    print(f"ratio to the plain read: run {ratio_run:,.0f}x, validate + run {ratio_all:,.0f}x")
    res_stage = _helper("resolution", str(run_dir))
    res = json.loads(res_stage.stdout)
    ours, theirs = min(res["copcwb_s"]), min(res["duckdb_s"])
    pairs = zip(res["copcwb_s"], res["duckdb_s"], strict=True)
    each = "; ".join(f"{a:.2f} / {b:.2f}" for a, b in pairs)
    print(
        f"contact resolution (program x channel, 7 days, {res['groups']} groups), best of "
        f"{RESOLUTION_RUNS}: copcwb {ours:.2f} s on the snapshot as {res['how']}, DuckDB "
        f"{theirs:.2f} s: {ours / theirs:,.1f}x (each run, copcwb / DuckDB: {each}); counts "
        f"agree: {'yes' if res['match'] else 'NO'}; resolution {res['rate']:.3f}; peak "
        f"memory {_memory_line(res_stage)}"
    )
    return {
        "run_s": run_stage.seconds,
        "ratio_run": ratio_run,
        "ratio_all": ratio_all,
        "resolution_ratio": ours / theirs,
        "peak_run_mb": _peak(run_stage) / MB,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="contacts per size, comma-separated")  # fmt: skip
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--tmp", type=Path, default=None, help="folder for the temporary files")
    parser.add_argument("--keep", action="store_true", help="keep the generated folders")
    parser.add_argument("--no-run", action="store_true", help="generate, read and validate only")
    parser.add_argument("--read", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--resolution", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read:
        print(json.dumps(plain_read(args.read)))
        return
    if args.resolution:
        print(json.dumps(resolution(args.resolution)))
        return
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="copcwb-bench-scale-", dir=args.tmp))
    print(f"sampling memory every {SAMPLE_S} s; python {sys.version.split()[0]}; "
          f"{psutil.cpu_count()} cores; temporary files in {tmp}")  # fmt: skip
    results = [
        one_size(n, seed=args.seed, tmp=tmp, run=not args.no_run, keep=args.keep) for n in sizes
    ]
    if not args.keep:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.no_run:
        return
    print("\nsummary (peak: the largest PSS, else RSS, of any process of the stage)")
    print(f"{'contacts':>12}{'validate s':>12}{'peak MB':>9}{'run s':>9}{'peak MB':>9}"
          f"{'(validate+run) / read':>23}{'resolution / DuckDB':>21}")  # fmt: skip
    for r in results:
        print(f"{r['contacts']:>12,}{r['validate_s']:>12.1f}{r['peak_validate_mb']:>9,.0f}"
              f"{r['run_s']:>9.1f}{r['peak_run_mb']:>9,.0f}{r['ratio_all']:>22,.0f}x"
              f"{r['resolution_ratio']:>20,.1f}x")  # fmt: skip


if __name__ == "__main__":
    main()
