"""A compact on-disk copy of models derived at load time (marshal), reused across processes.

The typo checker derives indexes from jieba's dictionary and pypinyin on first use (seconds of
CPU, and the import of pypinyin alone takes about a second). Their derived form is written once
to ``$XDG_CACHE_HOME/duwang`` (``~/.cache/duwang``), keyed by a digest of everything it was
derived from, and read back by later processes. Any failure (no home, read-only disk, a
truncated or foreign file) falls back to deriving again: the cache never changes a result.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import tempfile
from pathlib import Path

FORMAT = 1


def directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "duwang"


def key(*parts: object) -> str:
    h = hashlib.sha1(f"format {FORMAT}".encode())
    for part in parts:
        h.update(b"\0" + (part if isinstance(part, bytes) else repr(part).encode("utf-8")))
    return h.hexdigest()[:20]


def load(name: str, digest: str):
    path = directory() / f"{name}-{digest}.marshal"
    try:
        with open(path, "rb") as fh:
            return marshal.load(fh)
    except (OSError, EOFError, ValueError, TypeError):
        return None


def save(name: str, digest: str, value) -> None:
    folder = directory()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}-")
        try:
            with os.fdopen(fd, "wb") as fh:
                marshal.dump(value, fh)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it 0600: honour the user's umask
            os.replace(tmp, folder / f"{name}-{digest}.marshal")
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except (OSError, ValueError):
        pass
