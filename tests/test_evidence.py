"""Evidence: verify finds missing, added and changed files; signing makes re-hashing
a tampered report detectable."""

from __future__ import annotations

import hashlib
import json

import pytest

from copcwb.evidence import verify
from copcwb.evidence.hashing import hash_tree
from copcwb.evidence.signing import KEY_ENV, check, key_id, sign
from copcwb.runner import run_engagement
from tests.test_runner import FakeExecutor


@pytest.fixture
def run_dir(minimal_engagement, tmp_path):
    return run_engagement(minimal_engagement, tmp_path / "out", executor=FakeExecutor()).run_dir


def test_intact_run_verifies(run_dir):
    result = verify(run_dir)
    assert result.ok and result.problems == [] and result.n_files >= 4


def test_missing_added_changed(run_dir):
    (run_dir / "results.json").write_text("{}")
    (run_dir / "index.html").unlink()
    (run_dir / "extra.txt").write_text("x")
    problems = verify(run_dir).problems
    assert "changed: results.json" in problems
    assert "missing: index.html" in problems
    assert "added: extra.txt" in problems


def test_inputs_check(run_dir, minimal_engagement):
    assert verify(run_dir, inputs=True, engagement=minimal_engagement).ok
    kpis = minimal_engagement.parent / "data" / "kpis.csv"
    kpis.write_text(kpis.read_text() + "Billing,aht_s,2026-02,300\n")
    result = verify(run_dir, inputs=True, engagement=minimal_engagement)
    assert not result.ok and result.problems == ["input changed: data/kpis.csv"]
    spec = minimal_engagement.read_text()
    minimal_engagement.write_text(spec.replace("Test Client", "Other"))
    result = verify(run_dir, engagement=minimal_engagement.parent)
    assert "input changed: engagement.yaml" in result.problems
    (run_dir / "inputs" / "engagement.yaml").write_text("edited")
    result = verify(run_dir, inputs=True)
    assert "snapshot changed: inputs/engagement.yaml" in result.problems
    assert "changed: inputs/engagement.yaml" in result.problems


def test_hmac_signature_matches_the_textbook_construction():
    # RFC 2104 HMAC, computed with the standard library over the canonical JSON.
    manifest = {"b": 1, "a": [1, 2]}
    key = b"secret"
    signed = sign(manifest, key)
    import hmac

    expected = hmac.new(key, b'{"a":[1,2],"b":1}', hashlib.sha256).hexdigest()
    assert signed["signature"]["value"] == expected
    assert signed["signature"]["key_id"] == key_id(key) != key.hex()
    assert check(signed, key) == []


def test_rehashed_tampering_is_caught_when_signed(minimal_engagement, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "a long random key for tests")
    run = run_engagement(minimal_engagement, tmp_path / "out", executor=FakeExecutor()).run_dir
    assert verify(run).ok
    # An attacker edits a report and re-hashes it into the manifest...
    (run / "index.html").write_text("<p>edited</p>")
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["files"] = hash_tree(run, exclude=frozenset({"manifest.json"}))
    (run / "manifest.json").write_text(json.dumps(manifest))
    result = verify(run)
    assert not result.ok
    assert any("signature does not match" in p for p in result.problems)
    # ...or strips the signature.
    del manifest["signature"]
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert any("not signed" in p for p in verify(run).problems)
    # Without the key, a signed manifest cannot be called intact.
    monkeypatch.delenv(KEY_ENV)
    manifest = json.loads(json.dumps(sign(manifest, b"k")))
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert any("no key is configured" in p for p in verify(run).problems)


def test_wrong_key(minimal_engagement, tmp_path, monkeypatch):
    monkeypatch.setenv(KEY_ENV, "key one")
    run = run_engagement(minimal_engagement, tmp_path / "out", executor=FakeExecutor()).run_dir
    monkeypatch.setenv(KEY_ENV, "key two")
    assert "manifest was signed with another key" in verify(run).problems
