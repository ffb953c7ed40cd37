"""Rule output snapshots: the comparison the contract test makes, and its readable diff."""

from __future__ import annotations

import json

import pytest

from rules.base import Finding
from rules.testing import SNAPSHOT_FIELDS, snapshot_diff, snapshot_of, write_snapshot


def _finding(message="栏目“工作动态”超期。", url="http://127.0.0.1:8000/a/", fp="f1") -> Finding:
    return Finding(rule="x.rule", site="县", url=url, title="t", message=message, evidence="e",
                   basis="b", severity="扣分", fingerprint=fp, data={"n": 1})


def test_a_snapshot_keeps_the_pinned_fields_in_a_stable_order(tmp_path):
    a, b = _finding(url="http://127.0.0.1:8000/b/", fp="f2"), _finding()
    rows = snapshot_of([a, b])
    assert [r["url"] for r in rows] == ["http://127.0.0.1:8000/a/", "http://127.0.0.1:8000/b/"]
    assert set(rows[0]) == set(SNAPSHOT_FIELDS) and "data" not in rows[0]
    path = tmp_path / "snapshot.json"
    write_snapshot([a, b], path)
    assert json.loads(path.read_text(encoding="utf-8")) == rows
    assert "工作动态" in path.read_text(encoding="utf-8")  # readable Chinese, not \u escapes
    assert snapshot_diff([b, a], path) == ""


def test_a_changed_message_gives_a_readable_diff(tmp_path):
    path = tmp_path / "snapshot.json"
    write_snapshot([_finding()], path)
    diff = snapshot_diff([_finding(message="栏目“工作动态”已超期。")], path)
    assert '-    "message": "栏目“工作动态”超期。",' in diff
    assert '+    "message": "栏目“工作动态”已超期。",' in diff
    assert snapshot_diff([_finding(), _finding(fp="f9")], path)  # an extra finding differs too


def test_no_snapshot_is_an_error_not_a_pass(tmp_path):
    with pytest.raises(FileNotFoundError):
        snapshot_diff([_finding()], tmp_path / "missing.json")
