"""Journey quality: the customer's service journey checked at every touchpoint.

Each step takes the validated journeys (one row per contact; a DataFrame, or the
``LogTable`` a session gives, queried in the engine and never loaded whole):

* :func:`checkpoint_catalog` - the checkpoints (built-in or the engagement's), each with
  its touchpoint, service-quality dimension, rule, columns and parameter.
* :func:`checkpoints` - failure rate of every checkpoint per program, with Wilson
  intervals; a checkpoint the data cannot judge is listed, never dropped;
  :func:`left_to_human_qa` - those left to evaluators or needing more data.
* :func:`matrix` - the touchpoint x dimension grid with the checkpoints of each cell.
* :func:`surveyed` - the survey joined to the journeys by contact_id, each checkpoint a
  failure flag, for ``copcwb.drivers`` (``critical_error_effects`` proves which
  checkpoints are customer-critical, ``operational_thresholds`` finds where the IVR or
  queue time starts to hurt, ``what_if`` what fixing a checkpoint is worth).
* :func:`contact_score` - every contact's chance of a bottom-box rating, with its
  calibration by decile; :func:`review_list` - the riskiest unsurveyed contacts for
  human QA, named by keyed-hash pseudonyms (:func:`contact_pseudonym`).
"""

from copcwb.journey.catalog import checkpoint_catalog
from copcwb.journey.checkpoints import checkpoints, left_to_human_qa
from copcwb.journey.matrix import JourneyMatrix, matrix, pooled
from copcwb.journey.pseudonyms import ReviewKey, contact_pseudonym, review_key
from copcwb.journey.review import ReviewList, review_list
from copcwb.journey.score import ContactScore, calibration_table, contact_score, hosmer_lemeshow
from copcwb.journey.surveyed import SurveyedJourneys, checkpoint_of, flag_name, surveyed
from copcwb.paths import default_checkpoints_path

__all__ = [
    "ContactScore",
    "JourneyMatrix",
    "ReviewKey",
    "ReviewList",
    "SurveyedJourneys",
    "calibration_table",
    "checkpoint_catalog",
    "checkpoint_of",
    "checkpoints",
    "contact_pseudonym",
    "contact_score",
    "default_checkpoints_path",
    "flag_name",
    "hosmer_lemeshow",
    "left_to_human_qa",
    "matrix",
    "pooled",
    "review_key",
    "review_list",
    "surveyed",
]
