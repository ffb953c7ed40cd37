"""A lock so two runs of the same audit directory never overlap (cron safety)."""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path


class AuditLocked(RuntimeError):
    pass


@contextmanager
def audit_lock(out_dir: Path):
    """Hold an exclusive, non-blocking flock on ``out_dir/.duwang.lock``.

    The kernel releases it when the process dies (SIGKILL included), so a killed run never
    leaves a stale lock behind.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / ".duwang.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip()
            raise AuditLocked(
                f"另一个 duwang 审计正在使用 {out_dir} (pid {holder or '?'}); 等它结束后再运行 "
                f"(another run holds {path})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)
