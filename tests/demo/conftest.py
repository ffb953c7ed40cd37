"""Fixtures for the demo portal tests: one real DemoServer per module."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo import DEMO_AS_OF, DemoServer, build_portal
from crawler.demo.variants import VARIANTS, build_variant

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_server():
    with DemoServer(build_portal()) as server:
        yield server


@pytest.fixture(scope="module", params=sorted(VARIANTS))
def variant_server(request):
    """A demo variant (``empire``, ``siteserver``) served on 127.0.0.1, an ephemeral port."""
    with DemoServer(build_variant(request.param)) as server:
        server.variant = request.param
        yield server


def run_audit(server: DemoServer, out: Path) -> tuple[subprocess.CompletedProcess, list[dict] | None]:
    """``duwang audit`` of the served portal as of the demo date, through the real command line."""
    proc = subprocess.run(
        [sys.executable, "-m", "audits.cli", "audit", server.url, "--out", str(out),
         "--as-of", DEMO_AS_OF.isoformat(), "--quiet"],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    path = out / "findings.json"
    return proc, json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


@pytest.fixture(scope="module")
def variant_audit(variant_server, tmp_path_factory):
    """(server, process, findings) of one audit of the served variant."""
    proc, findings = run_audit(variant_server, tmp_path_factory.mktemp(f"variant-{variant_server.variant}"))
    yield variant_server, proc, findings
