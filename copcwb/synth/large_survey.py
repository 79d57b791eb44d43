"""Survey responses of the large demo, from the demo's true proportional-odds model,
written in chunks.

Every response links to a voice contact of the log (its repeat_contact_7d comes from the
log); operational facts and critical errors follow the program's archetype as in the
demo, and the latent satisfaction is the archetype's plus a share of the program's
quality, so programs differ in satisfaction beyond their archetype.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from copcwb.synth import expectations, survey
from copcwb.synth._chunks import ChunkWriter, labels, numbered
from copcwb.synth._large_spec import PROGRAMS, Design
from copcwb.synth._spec import SURVEY_COLUMNS
from copcwb.synth.large_contacts import Respondents

QUALITY_SHIFT = 0.25  # latent satisfaction per unit of program quality
CHUNK_ROWS = 100_000
#: the columns of the large demo's survey: the demo's, then the expectation ratings
COLUMNS = [*SURVEY_COLUMNS, *expectations.pairs().values()]


def _chunk(rng: np.random.Generator, design: Design, program: np.ndarray) -> pd.DataFrame:
    """Ratings, facts and overall of respondents of the programs ``program`` (codes)."""
    archetype = design.archetype[program]
    facts = survey.draw_facts(rng, archetype)
    shift = np.array([survey.PROGRAM_SHIFT[a] for a in archetype])
    shift = shift + QUALITY_SHIFT * design.quality[program]
    ratings = survey.draw_ratings(rng, shift, facts, survey.DEMO_SCALE)
    return pd.DataFrame({**ratings, **facts})


@dataclass(frozen=True)
class Answers:
    """What the journeys of the surveyed contacts must agree with: per response, in the
    order of ``Respondents``, the contact's number, ivr_seconds, wait_seconds, transfers,
    overall and eta (the true model's linear predictor)."""

    contact: np.ndarray
    ivr: np.ndarray
    wait: np.ndarray
    transfers: np.ndarray
    overall: np.ndarray
    eta: np.ndarray

    def __len__(self) -> int:
        return len(self.contact)


def write_survey(
    path: Path,
    rng: np.random.Generator,
    design: Design,
    who: Respondents,
    expected: np.random.Generator,
) -> Answers:
    """Write one response per respondent of ``who`` (columns as ``survey.generate``
    returns them, on the 1..5 scale, then the expectation ratings drawn from ``expected``
    as ``copcwb.synth.expectations`` draws them, within each chunk) to ``path``; return the
    answers (their number is the rows written)."""
    n = len(who.contact)
    kept: dict[str, list[np.ndarray]] = {
        k: [] for k in ("ivr", "wait", "transfers", "overall", "eta")
    }
    with ChunkWriter(path, "survey", COLUMNS) as writer:
        for lo in range(0, n, CHUNK_ROWS):
            part = slice(lo, min(lo + CHUNK_ROWS, n))
            frame = _chunk(rng, design, who.program[part])
            frame["repeat_contact_7d"] = who.repeat[part]
            frame["overall"] = survey.draw_overall(rng, frame)
            ratings = {d: frame[d].to_numpy() for d in expectations.DRIVERS}
            frame = frame.assign(**expectations.draw(expected, ratings, who.program[part]))
            kept["ivr"].append(frame["ivr_seconds"].to_numpy(float))
            kept["wait"].append(frame["wait_seconds"].to_numpy(float))
            kept["transfers"].append(frame["transfers"].to_numpy(float))
            kept["overall"].append(frame["overall"].to_numpy(float))
            kept["eta"].append(survey.linear_predictor(frame))
            writer.write(
                {
                    **{c: frame[c].to_numpy() for c in COLUMNS[3:]},
                    "response_id": numbered("R", np.arange(part.start, part.stop) + 1, 7),
                    "program": labels(PROGRAMS, who.program[part]),
                    "contact_id": numbered("K", who.contact[part], 9),
                }
            )
    arrays = {k: np.concatenate(v) if v else np.zeros(0) for k, v in kept.items()}
    return Answers(contact=who.contact, **arrays)
