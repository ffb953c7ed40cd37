"""Write a report file atomically: to a temporary name in the same folder, then renamed.

An interrupted report never leaves a half-written file under its final name.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def _atomic(path: Path, write) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is as readable as any file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_chunks(path, (text,))


def atomic_write_chunks(path: Path, chunks: Iterable[str]) -> None:
    """Write ``chunks`` (e.g. a template's :meth:`generate`) as they come: a report of tens of
    thousands of findings is never held whole in memory."""
    def write(tmp: Path) -> None:
        with open(tmp, "w", encoding="utf-8", buffering=1 << 16) as out:
            for chunk in chunks:
                out.write(chunk)

    _atomic(path, write)


def atomic_write_with(path: Path, save) -> None:
    """``save(tmp_path)`` writes the file; it is then renamed to ``path``."""
    _atomic(path, save)


def copy_file(source: Path, path: Path) -> Path:
    """A copy of ``source`` at ``path``, written like any report (temporary name, then renamed)."""
    import shutil

    _atomic(path, lambda tmp: shutil.copyfile(source, tmp))
    return path
