"""A verdict needs a reading and every rule: 无法检查 / 未完成, never 合格; exit codes 4 and 5."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from click.testing import CliRunner

from audits import cli
from audits.engine import run_rules
from findings.coverage import coverage_for_run
from findings.records import rule_failures
from findings.verdict import verdict_for_findings, verdict_for_run
from reports import write_reports
from rules.base import Rule
from tests.audits.ruledoc import documented

HOME = "http://s1.example.gov.cn/"


def _site(store):
    return store.upsert_site(name="示范县", start_url=HOME, host="s1.example.gov.cn")


def _run(store, h, sid, *, read=(), failed=(), error=None, status=403, findings=()):
    run_id = h.add_run(store, sid, list(findings), pages=list(read))
    h.add_pages(store, run_id, sid, list(failed), status=0 if error else status, error=error, kind="other")
    return run_id


def test_coverage_counts_pages_columns_and_unverifiable(store, h):
    sid = _site(store)
    run_id = _run(store, h, sid, read=[HOME, HOME + "a.html", HOME + "b.html"],
                  failed=[HOME + "x.html", HOME + "y.html"])
    h.add_pages(store, run_id, sid, [HOME + "r.html"], status=0, error="robots")
    store.insert_rows("columns", [
        {"run_id": run_id, "site_id": sid, "url": HOME, "kind": "home"},
        {"run_id": run_id, "site_id": sid, "url": HOME + "c1/", "kind": "listing"},
        {"run_id": run_id, "site_id": sid, "url": HOME + "c2/", "kind": "unverifiable"}])
    c = coverage_for_run(store, run_id)
    assert (c.pages_read, c.pages_failed, c.robots, c.columns, c.unverifiable) == (3, 3, 1, 2, 1)
    assert c.home_read and not c.nothing_read
    assert "读取页面 3 个，失败 3 个，栏目 2 个（其中无法核实 1 个）" in c.summary()
    assert "覆盖范围很小" in c.warning()  # 3 pages read is almost nothing


@pytest.mark.parametrize("case, read, failed, error, why", [
    ("max-pages 0", [], [], None, "页数上限为 0"),
    ("robots Disallow: /", [], [HOME], "robots", "robots.txt"),
    ("403 on every page but the home", [HOME], [HOME + f"{i}.html" for i in range(5)], None, "访问失败或被拒绝"),
])
def test_a_run_that_read_nothing_is_uncheckable_never_pass(store, h, case, read, failed, error, why):
    run_id = _run(store, h, _site(store), read=read, failed=failed, error=error)
    v = verdict_for_run(store, run_id)
    assert v.result == "无法检查" and v.score is None and v.incomplete, case
    assert why in v.coverage.warning() and "无法对网站作出判断" in v.coverage.warning()


def test_one_page_beyond_the_home_is_a_reading(store, h):
    v = verdict_for_run(store, _run(store, h, _site(store), read=[HOME, HOME + "a.html"]))
    assert v.result == "合格" and not v.incomplete


def test_a_dead_site_is_a_veto_not_uncheckable(store, h):
    from rules.site_unreachable import SiteUnreachable

    sid = _site(store)
    run_id = _run(store, h, sid, failed=[HOME], error="refused")
    outcome = run_rules(store, run_id, as_of=date(2026, 11, 20),
                        rule_config={"disable": [], SiteUnreachable.id: {}})
    assert [f.rule for f in outcome.findings if f.severity == "否决"] == ["site.unreachable"]
    v = verdict_for_run(store, run_id)
    assert v.result == "不合格" and not v.incomplete
    assert v.vetoes[0][0] == "site.unreachable"


class Broken(Rule):
    __doc__ = documented('Broken: raises.')

    id = "column.stale"  # stands in for a real rule that raises at run time
    title = "栏目不更新"
    severity = "扣分"
    scope = "column"
    basis = "b"

    def check(self, ctx):
        raise ValueError("invalid literal for int() with base 10: 'x'")


def test_a_rule_that_raises_is_recorded_named_in_the_report_and_makes_the_audit_incomplete(
        store, h, monkeypatch, tmp_path):
    import audits.engine as engine

    monkeypatch.setattr(engine, "all_rules", lambda: (Broken,))
    sid = _site(store)
    run_id = _run(store, h, sid, read=[HOME, HOME + "a.html", HOME + "b.html"])
    outcome = run_rules(store, run_id, as_of=date(2026, 11, 20), rule_config={})
    assert list(outcome.failed) == ["column.stale"]
    assert "ValueError" in rule_failures(store, run_id)["column.stale"]
    v = verdict_for_run(store, run_id)
    assert v.result == "未完成" and v.score is None and v.incomplete
    assert any("栏目不更新" in n and "column.stale" in n and "运行出错" in n for n in v.notes)
    html = write_reports(store, [run_id], tmp_path / "out")["report.html"].read_text(encoding="utf-8")
    assert "未完成" in html and "规则“栏目不更新”（column.stale）运行出错" in html
    # A clean re-run of the rules clears the record.
    monkeypatch.setattr(engine, "all_rules", lambda: ())
    run_rules(store, run_id, as_of=date(2026, 11, 20), rule_config={})
    assert rule_failures(store, run_id) == {} and verdict_for_run(store, run_id).result == "合格"


def test_a_veto_stands_when_a_rule_failed_but_the_audit_is_still_incomplete():
    v = verdict_for_findings(1, [{"rule": "site.homepage_stale", "severity": "否决", "basis": "b"}],
                             failed_rules={"text.typo": "boom"})
    assert v.result == "不合格" and v.incomplete


# -- exit codes -------------------------------------------------------------------------------------
def _result(*verdicts, interrupted=False, veto=False):
    sites = [SimpleNamespace(verdict=v) for v in verdicts]
    return SimpleNamespace(interrupted=interrupted, has_veto=veto,
                           incomplete=any(v.incomplete for v in verdicts), sites=sites)


@pytest.mark.parametrize("results, interrupted, veto, code", [
    (["合格"], False, False, 0),
    (["不合格"], False, True, 1),
    (["不合格", "无法检查"], False, True, 4),  # 4 > 1
    (["未完成"], False, False, 4),
    (["无法检查"], True, False, 130),  # 130 > 4
])
def test_exit_code_precedence(results, interrupted, veto, code):
    verdicts = [SimpleNamespace(incomplete=r in ("无法检查", "未完成")) for r in results]
    assert cli.exit_code(_result(*verdicts, interrupted=interrupted, veto=veto)) == code


def _crash(*args, **kwargs):
    raise RuntimeError("disk I/O error in a place nobody expected")


def test_a_crash_exits_5_with_a_short_message_and_no_traceback(monkeypatch, tmp_path):
    import audits.audit

    monkeypatch.setattr(audits.audit, "run_audit", _crash)
    r = CliRunner().invoke(cli.main, ["audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o")])
    assert r.exit_code == 5
    assert "请报告此错误" in r.output and "RuntimeError: disk I/O error" in r.output
    assert "Traceback" not in r.output
    verbose = CliRunner().invoke(cli.main, ["audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o"), "-v"])
    assert verbose.exit_code == 5 and "Traceback" in verbose.output


def test_ctrl_c_outside_the_crawl_exits_130_not_1(monkeypatch, tmp_path):
    import audits.audit

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(audits.audit, "run_audit", interrupt)
    r = CliRunner().invoke(cli.main, ["audit", "http://127.0.0.1:9/", "--out", str(tmp_path / "o")])
    assert r.exit_code == 130


# -- end to end: the command on real servers on 127.0.0.1 ----------------------------------------
def _audit(url, out, *extra):
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-m", "audits.cli", "audit", url, "--out", str(out),
                           "--as-of", "2026-11-20", *extra], cwd=root, capture_output=True, text=True,
                          timeout=300)


@pytest.mark.slow
def test_the_command_never_says_pass_without_a_reading(tmp_path):
    import socket

    from tests.crawler.conftest import Site, html, ok

    links = "".join(f'<li><a href="/a{i}.html">文章{i}</a><span>2026-11-1{i}</span></li>' for i in range(4))
    home = ok(html(f"<ul>{links}</ul>", "示范县人民政府"))
    forbidden = (403, {"Content-Type": "text/html; charset=utf-8"}, html("禁止访问", "403"))
    robots = Site({"/robots.txt": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /\n"),
                   "/": home})
    firewall = Site({"/": home, **{f"/a{i}.html": forbidden for i in range(4)}})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}/"
    try:
        for url, name in ((robots.url, "robots"), (firewall.url, "firewall")):
            proc = _audit(url, tmp_path / name, "--config", str(_fast_config(tmp_path)))
            assert proc.returncode == 4, (name, proc.stderr[-2000:])
            assert "无法检查" in proc.stdout and "无法对网站作出判断" in proc.stderr
            report = (tmp_path / name / "report.html").read_text(encoding="utf-8")
            assert "结论：<strong>无法检查</strong>" in report and "抓取情况：" in report
        proc = _audit(dead, tmp_path / "dead", "--config", str(_fast_config(tmp_path)))
        assert proc.returncode == 1, proc.stderr[-2000:]  # 站点无法访问 is a veto
        assert "不合格" in proc.stdout
        report = (tmp_path / "dead" / "report.html").read_text(encoding="utf-8")
        assert "站点无法访问" in report and "一次监测" in report
    finally:
        robots.close()
        firewall.close()


def _fast_config(tmp_path):
    path = tmp_path / "duwang.toml"
    path.write_text("[crawl]\nretry_times = 0\nretry_base_delay = 0.1\ncheck_external = false\n",
                    encoding="utf-8")
    return path


@pytest.mark.slow
def test_the_command_exits_4_when_a_rule_raises_and_the_report_names_it(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    from tests.crawler.conftest import Site, html, ok

    root = Path(__file__).resolve().parents[2]
    links = "".join(f'<li><a href="/a{i}.html">文章{i}</a><span>2026-11-1{i}</span></li>' for i in range(3))
    site = Site({"/": ok(html(f"<ul>{links}</ul>", "示范县人民政府")),
                 **{f"/a{i}.html": ok(html(f"<div class='content'>正文{i}</div>", f"文章{i}")) for i in range(3)}})
    # The real command, with column.stale replaced by a rule that raises while it checks.
    script = ("import sys, audits.engine as e, rules.registry as r\n"
              "from tests.audits.test_verdict_reading import Broken\n"
              "e.all_rules = lambda: tuple(c for c in r.all_rules() if c.id != Broken.id) + (Broken,)\n"
              "from audits.cli import main\n"
              "sys.argv[0] = 'duwang'\nmain()\n")
    try:
        proc = subprocess.run([sys.executable, "-c", script, "audit", site.url, "--out", str(tmp_path / "o"),
                               "--as-of", "2026-11-20", "--config", str(_fast_config(tmp_path))],
                              cwd=root, capture_output=True, text=True, timeout=300)
        max0 = _audit(site.url, tmp_path / "zero", "--max-pages", "0")
    finally:
        site.close()
    assert proc.returncode == 4, proc.stderr[-2000:]
    assert "未完成" in proc.stdout and "column.stale" in proc.stderr
    report = (tmp_path / "o" / "report.html").read_text(encoding="utf-8")
    assert "结论：<strong>未完成</strong>" in report and "规则“栏目不更新”（column.stale）运行出错" in report
    # A page budget of 0 reads nothing: never 合格 (bad input, 2, once the settings are checked
    # before the crawl; 无法检查, 4, otherwise).
    assert max0.returncode in (2, 4), max0.stderr[-2000:]
    assert "合格" not in max0.stdout.replace("不合格", "")


def test_coverage_says_what_limited_the_reading_unchecked_links_and_crawl_notes(store, h, tmp_path):
    import json

    from reports import write_reports

    sid = _site(store)
    run_id = _run(store, h, sid, read=[HOME, HOME + "a.html", HOME + "b.html"])
    store.insert_rows("targets", [{"run_id": run_id, "url": f"http://dead{i}.example/", "state": "unchecked"}
                                  for i in range(4)])
    store.db["runs"].update(run_id, {"settings": json.dumps({"notes": ["robots_unavailable", "links_unchecked"]})})
    c = coverage_for_run(store, run_id)
    assert c.links_unchecked == 4 and "链接未检查 4 个" in c.summary()
    assert any("RFC 9309" in line for line in c.explanations())
    assert any("部分链接未检查" in line for line in c.explanations())
    html = write_reports(store, [run_id], tmp_path / "r", as_of="2026-11-20")["report.html"].read_text("utf-8")
    assert "链接未检查 4 个" in html and "RFC 9309" in html
