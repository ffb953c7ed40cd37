"""Reports and the store are created with the user's umask (readable by the group), not 0600."""

from __future__ import annotations

import os
import stat

import pytest

from crawler.store import Store
from reports.files import atomic_write_text


@pytest.fixture
def umask():
    old = os.umask(0o002)
    yield 0o002
    os.umask(old)


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_report_is_written_atomically_with_the_umask(tmp_path, umask):
    path = tmp_path / "report.html"
    atomic_write_text(path, "<p>一</p>")
    assert _mode(path) == 0o664
    atomic_write_text(path, "<p>二</p>")  # replaced whole, no temporary file left behind
    assert path.read_text(encoding="utf-8") == "<p>二</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"]


def test_the_store_is_created_with_the_umask(tmp_path, umask):
    with Store(tmp_path / "audit.db"):
        pass
    assert _mode(tmp_path / "audit.db") == 0o664
