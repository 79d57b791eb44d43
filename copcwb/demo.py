"""The demo engagement: generated inputs plus an engagement.yaml, written under a folder.

Two sizes: "small" (the default: three programs, about 20,000 contacts, runs in seconds)
and "large" (a big client: 80 programs and millions of contacts, for trying scale).
"""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from copcwb.errors import InputError, Problem

DEMO_ID = "acme-demo"
LARGE_ID = "acme-large"
SIZES = ("small", "large")


def _generate(
    folder: Path, size: str, engagement_id: str, contacts: int | None, **kw: object
) -> Path:
    """Write the demo of ``size`` under ``folder``; return its engagement folder."""
    from copcwb import synth

    if size == "small":
        if contacts is not None:
            raise ValueError("the number of contacts can be chosen for the large demo only")
        return synth.write_engagement(folder, "demo", engagement_id=engagement_id, **kw).parent
    if contacts is None:
        return synth.write_large(folder, engagement_id=engagement_id, **kw).parent
    return synth.write_large(folder, engagement_id=engagement_id, contacts=contacts, **kw).parent


def _publish(fresh: Path, target: Path) -> None:
    """Move the files of ``fresh`` into ``target``: identical files are left alone, and a
    folder whose files differ from the fresh ones (edited by a user) is never changed."""
    files = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
    if target.exists():
        changed = [
            str(f)
            for f in files
            if (target / f).exists() and not filecmp.cmp(fresh / f, target / f, shallow=False)
        ]
        if changed:
            raise InputError(
                Problem(
                    file=str(target),
                    problem="a demo engagement with different files exists here: "
                    + ", ".join(changed),
                    fix="choose another --out folder; the existing files were left as they are",
                )
            )
    for f in files:
        if not (target / f).exists():
            (target / f).parent.mkdir(parents=True, exist_ok=True)
            shutil.move(fresh / f, target / f)


def write_demo(
    folder: str | Path,
    *,
    seed: int = 2026,
    language: str = "en",
    end_month: str = "2026-10",
    engagement_id: str | None = None,
    size: str = "small",
    contacts: int | None = None,
) -> Path:
    """Write ``folder/<engagement_id>/`` (engagement.yaml and data/*.csv); return the yaml path.

    ``size``: "small" (engagement id acme-demo) or "large" (acme-large; ``contacts``
    contacts, by default 5,000,000, with QA, survey and WFM scaled alike). Writing is
    idempotent: identical files are left alone, and a folder whose files differ from the
    generated ones (edited by a user, or a demo of another size or seed) is never
    overwritten. The large demo is generated next to its folder, then moved in.
    """
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, got {size!r}")
    engagement_id = engagement_id or (DEMO_ID if size == "small" else LARGE_ID)
    folder = Path(folder)
    target = folder / engagement_id
    scratch = None
    if size == "large":
        folder.mkdir(parents=True, exist_ok=True)
        scratch = folder
    with tempfile.TemporaryDirectory(prefix=".copcwb-demo-", dir=scratch) as tmp:
        fresh = _generate(
            Path(tmp),
            size,
            engagement_id,
            contacts,
            seed=seed,
            language=language,
            end_month=end_month,
        )
        _publish(fresh, target)
    return target / "engagement.yaml"
