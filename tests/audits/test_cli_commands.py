"""One command line: every subcommand's help has an example and its exit codes; `duwang crawl`
is the crawl-only command (`python -m crawler` its alias); `duwang worker` exits with the
README's codes (2 for bad input, never 3, which means "lock held")."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from audits.cli import main
from crawler.store import Store

ROOT = Path(__file__).resolve().parents[2]


def _commands(group: click.Group, prefix=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, (*prefix, name))


COMMANDS = [()] + list(_commands(main))


def test_the_command_line_has_the_crawl_command():
    assert ("crawl",) in COMMANDS and ("worker",) in COMMANDS and ("rules", "docs") in COMMANDS


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "duwang")
def test_every_help_has_an_example_and_the_exit_codes(path):
    res = CliRunner().invoke(main, [*path, "--help"], catch_exceptions=False)
    assert res.exit_code == 0
    assert "Example" in res.output, res.output
    assert re.search(r"Exit codes[^\n]*:\n +0 ", res.output), res.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _duwang(*args, timeout=120):
    script = "import sys; sys.argv[0] = 'duwang'; from audits.cli import main; main()"
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_worker_without_redis_is_bad_input_not_locked():
    proc = _duwang("worker", "--redis", f"redis://127.0.0.1:{_free_port()}/0", "--wait", "0")
    assert proc.returncode == 2, proc.stderr
    assert "无法连接 Redis" in proc.stderr


def test_the_local_worker_process_says_bad_input_too():
    """The coordinator's local workers (python -m crawler.distributed.worker) use the same code."""
    proc = subprocess.run([sys.executable, "-m", "crawler.distributed.worker", "--redis",
                           f"redis://127.0.0.1:{_free_port()}/0", "--wait", "0"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2, proc.stderr


def test_crawl_refuses_a_bad_url_before_any_crawl(tmp_path):
    res = CliRunner().invoke(main, ["crawl", "www.example.gov.cn", "--store", str(tmp_path / "x.db")])
    assert res.exit_code == 2 and "不是有效的网址" in res.output
    assert not (tmp_path / "x.db").exists()


def test_duwang_crawl_and_its_alias_store_the_same_crawl(tmp_path):
    from tests.crawler.conftest import Site, html, ok

    links = "".join(f'<li><a href="/a{i}.html">文章{i}</a><span>2026-11-1{i}</span></li>' for i in range(3))
    site = Site({"/": ok(html(f"<ul>{links}</ul>", "示范县人民政府")),
                 **{f"/a{i}.html": ok(html(f"<div class='content'>正文{i}</div>", f"文章{i}")) for i in range(3)}})
    fast = ["--as-of", "2026-11-20", "--set", 'DUWANG_PROGRESS="off"', "--set", "AUTOTHROTTLE_START_DELAY=0"]
    try:
        new = _duwang("crawl", site.url, "--store", str(tmp_path / "new.db"), *fast)
        old = subprocess.run([sys.executable, "-m", "crawler", site.url, "--store", str(tmp_path / "old.db"), *fast],
                             cwd=ROOT, capture_output=True, text=True, timeout=120)
    finally:
        site.close()
    for proc, db in ((new, "new.db"), (old, "old.db")):
        assert proc.returncode == 0, proc.stderr[-2000:]
        info = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
        assert [(i["status"], i["resumed"]) for i in info] == [("finished", False)]
        with Store(tmp_path / db) as store:
            urls = sorted(r["url"] for r in store.query("SELECT url FROM pages WHERE run_id = ?", [info[0]["run_id"]]))
            assert store.run(info[0]["run_id"])["status"] == "finished"
        assert urls == sorted([site.url] + [f"{site.url}a{i}.html" for i in range(3)])
