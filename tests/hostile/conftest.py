"""Helpers for the hostile-site suite: real servers on 127.0.0.1 (ephemeral ports), the real
command line in a subprocess, every run bounded in time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.crawler.conftest import Site, html, ok, rows, run_crawl, site_server  # noqa: F401 - re-exported

ROOT = Path(__file__).resolve().parents[2]
FAST = ["DUWANG_PROGRESS=\"off\"", "AUTOTHROTTLE_START_DELAY=0", "DUWANG_RETRY_BASE_DELAY=0.1",
        "LOG_LEVEL=\"WARNING\""]


def cli(*args: str, timeout: float = 180, prelude: str = "") -> subprocess.CompletedProcess:
    """``duwang ARGS`` from this tree in a subprocess; ``prelude`` is Python run first (faults)."""
    code = prelude + "\nimport sys\nfrom audits.cli import main\nsys.argv = ['duwang', *sys.argv[1:]]\nmain()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)


def crawl_cli(url: str, store: Path, *settings: str, timeout: float = 180, prelude: str = ""):
    """``python -m crawler`` with the fast test settings; returns the CompletedProcess."""
    cmd = ["--store", str(store), "--as-of", "2026-11-20", url]
    for s in (*FAST, *settings):
        cmd += ["--set", s]
    code = prelude + "\nimport sys\nfrom crawler.__main__ import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *cmd], cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)

