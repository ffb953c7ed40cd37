"""The on-disk copy of derived models: read back as written, and never trusted when damaged."""

from __future__ import annotations

from rules.typo import diskcache, statistical


def test_a_value_is_read_back_under_its_key_and_not_under_another(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    value = ({"数?": "据局"}, {"ju": {"据", "局"}}, {"ju": {"据"}}, {"据": (frozenset({"ju"}), frozenset({"ju"}))})
    digest = diskcache.key("jieba 0.42", b"words", 5)
    diskcache.save("typo-index", digest, value)
    assert diskcache.load("typo-index", digest) == value
    assert diskcache.load("typo-index", diskcache.key("jieba 0.43", b"words", 5)) is None


def test_a_damaged_or_missing_file_reads_as_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    digest = diskcache.key("x")
    assert diskcache.load("typo-index", digest) is None
    (tmp_path / "duwang").mkdir()
    (tmp_path / "duwang" / f"typo-index-{digest}.marshal").write_bytes(b"\x00garbage")
    assert diskcache.load("typo-index", digest) is None


def test_an_unwritable_cache_directory_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    diskcache.save("typo-index", diskcache.key("y"), {"a": 1})  # no exception
    assert diskcache.load("typo-index", diskcache.key("y")) is None


def test_the_cached_index_is_the_derived_one():
    statistical._build_index()
    derived = statistical._derive_index()
    assert derived[0] == statistical._INDEX
    assert derived[1] == statistical._SOUNDS["exact"] and derived[2] == statistical._SOUNDS["fuzzy"]
