"""text.typo's per-page checker results kept across runs (the store's ``typo_results`` table).

A weekly re-inspection of an unchanged portal hands the checker the same texts again; checking
text costs about 10 ms a sentence. A page's result (the hits :func:`.api.check_text` returns for
each checked part: title, body, listing title, attachment text) is stored under a 16-byte
BLAKE2b digest of everything that decides it:

- the checked strings themselves (each part's label and text, as cut to the rule's limits);
- the detectors the rule runs (its only setting the checker reads; ``max_per_page`` and
  ``recurring_pages`` apply afterwards, to the hits, on every run);
- the site words the rule derived from the run (a digest of the sorted frozenset);
- :func:`model_version`: the checker's code and data files and the libraries it reads.

So a stored result is reused only where checking again must give the same hits. The rule turns
hits into findings as before, so a reused page yields the same findings (url, message, evidence,
data, fingerprint) as a checked one. Rows are kept per site: after a run, the site's rows that
run did not use are deleted (one row per distinct key, nothing grows with the number of runs).
"""

from __future__ import annotations

import hashlib
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

from .common import DATA_DIR, Hit

logger = logging.getLogger(__name__)

TABLE = "typo_results"
# Raise when the checker changes in a way its source files do not show (they are hashed too).
CODE_VERSION = "1"
_LIBRARIES = ("jieba", "opencc-python-reimplemented", "pypinyin", "rapidfuzz")
# A result without any hit (most pages) is stored as NULL.
_NO_HITS = None

Parts = list[tuple[str, str]]  # (label, text) of each part checked
PartHits = list[list[Hit]]     # the hits of each part, in the same order


@lru_cache(maxsize=1)
def model_version() -> str:
    """A digest of what the checker's hits depend on besides the text: its code, data files and
    the versions of the libraries it reads (jieba's dictionary, OpenCC's tables...)."""
    from importlib.metadata import PackageNotFoundError, version

    h = hashlib.blake2b(CODE_VERSION.encode(), digest_size=16)
    here = Path(__file__).resolve().parent
    files = [(p.name, p) for p in sorted(here.glob("*.py")) if p.name != Path(__file__).name]
    files += [("data/" + p.relative_to(DATA_DIR).as_posix(), p)
              for p in sorted(DATA_DIR.rglob("*")) if p.is_file()]
    for name, path in files:
        h.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    for name in _LIBRARIES:
        try:
            h.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{name}=-\0".encode())
    return h.hexdigest()


def words_digest(words: Iterable[str]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for w in sorted(words):
        h.update(w.encode("utf-8") + b"\0")
    return h.hexdigest()


def _encode(found: PartHits) -> str | None:
    if not any(found):
        return _NO_HITS
    return json.dumps([[h.to_dict() for h in hits] for hits in found], ensure_ascii=False)


def _decode(value: str | None, parts: int) -> PartHits:
    if value is None:
        return [[] for _ in range(parts)]
    return [[Hit(**d) for d in hits] for hits in json.loads(value)]


class ResultCache:
    """One run's view of a site's stored results: :meth:`hits` answers from them or checks,
    :meth:`save` writes what the run used and drops the rest of the site's rows.

    ``conn`` None: nothing is read or kept (every page checked, as without the cache)."""

    def __init__(self, conn: sqlite3.Connection | None, site_id: int, run_id: int,
                 detectors: list[str], site_words: frozenset[str]):
        self.conn, self.site_id, self.run_id = conn, site_id, run_id
        self._salt = "\0".join([model_version(), words_digest(site_words), json.dumps(detectors)]).encode()
        self._stored: dict[bytes, str | None] = {}
        self._used: dict[bytes, str | None] = {}
        self.checked = 0  # pages checked by the checker this run
        self.reused = 0   # pages answered from the store
        if conn is not None:
            try:
                self._stored = dict(conn.execute(f"SELECT key, hits FROM {TABLE} WHERE site_id = ?",
                                                 [site_id]))
            except sqlite3.OperationalError as e:  # an older store opened without its schema step
                logger.warning("text.typo: stored results not read (%s)", e)
                self.conn = None

    def key(self, parts: Parts) -> bytes:
        h = hashlib.blake2b(self._salt, digest_size=16)
        for label, text in parts:
            h.update(b"\0\0" + label.encode("utf-8") + b"\0" + text.encode("utf-8", "surrogatepass"))
        return h.digest()

    def hits(self, parts: Parts, check: Callable[[str], list[Hit]]) -> PartHits:
        """The hits of each part: stored ones when the key was seen, else ``check`` of each text."""
        if self.conn is None:
            self.checked += 1
            return [check(text) for _, text in parts]
        key = self.key(parts)
        if key in self._used:
            self.reused += 1
            return _decode(self._used[key], len(parts))
        if key in self._stored:
            value = self._stored.pop(key)
            self._used[key] = value
            self.reused += 1
            return _decode(value, len(parts))
        self.checked += 1
        found = [check(text) for _, text in parts]
        self._used[key] = _encode(found)
        return found

    def save(self) -> None:
        """Keep the results this run used (under this run's id), drop the site's other rows."""
        if self.conn is None:
            return
        conn = self.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.execute(f"DELETE FROM {TABLE} WHERE site_id = ?", [self.site_id])
                conn.executemany(f"INSERT OR REPLACE INTO {TABLE} (site_id, key, run_id, hits) "
                                 "VALUES (?, ?, ?, ?)",
                                 [(self.site_id, k, self.run_id, v) for k, v in self._used.items()])
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        except sqlite3.OperationalError as e:  # a read-only store: the next run checks again
            logger.warning("text.typo: results not stored (%s)", e)
        self._stored, self._used = {}, {}
