"""The demo engagement: generated inputs plus an engagement.yaml, written under a folder."""

from __future__ import annotations

import filecmp
import shutil
import tempfile
from pathlib import Path

from copcwb.errors import InputError, Problem

DEMO_ID = "acme-demo"


def write_demo(
    folder: str | Path,
    *,
    seed: int = 2026,
    language: str = "en",
    end_month: str = "2026-10",
    engagement_id: str = DEMO_ID,
) -> Path:
    """Write ``folder/<engagement_id>/`` (engagement.yaml and data/*.csv); return the yaml path.

    Writing is idempotent: identical files are left alone, and a folder whose files
    differ from the generated ones (edited by a user) is never overwritten.
    """
    from copcwb import synth

    target = Path(folder) / engagement_id
    with tempfile.TemporaryDirectory(prefix="copcwb-demo-") as tmp:
        fresh = synth.write_engagement(
            tmp,
            "demo",
            seed=seed,
            engagement_id=engagement_id,
            language=language,
            end_month=end_month,
        ).parent
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
                        problem="a demo engagement with different files exists "
                        "here: " + ", ".join(changed),
                        fix="choose another --out folder; the existing files were left as they are",
                    )
                )
        for f in files:
            if not (target / f).exists():
                (target / f).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(fresh / f, target / f)
    return target / "engagement.yaml"
