"""Provenance and integrity of published runs: hashes, environment, verification."""

from copcwb.evidence.verify import VerifyResult, verify

__all__ = ["VerifyResult", "verify"]
