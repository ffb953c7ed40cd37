"""Fixtures for the demo portal tests: one real DemoServer per module."""

from __future__ import annotations

import pytest

from crawler.demo import DemoServer, build_portal


@pytest.fixture(scope="module")
def demo_server():
    with DemoServer(build_portal()) as server:
        yield server
