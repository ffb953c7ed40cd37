"""Class 2: bad input is answered before anything is crawled.

Every case: exit 2, a message naming what to fix, no traceback, no request reached the test
server and no audit.db was created.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.config import load_config, load_sites

from .conftest import cli, html, ok

BOM = "\ufeff"

SITE = '[[sites]]\nname = "示范县"\nurl = "{url}"\n'

# (id, how to call: url args | sites.toml | duwang.toml | extra args, what the message must name)
CASES = [
    ("ipv6-literal", {"url": "http://[::1/"}, "IPv6"),
    ("port-out-of-range", {"url": "http://127.0.0.1:99999/"}, "端口"),
    ("port-not-a-number", {"url": "http://127.0.0.1:abc/"}, "端口"),
    ("space-in-host", {"url": "http://www.exa mple.gov.cn/"}, "主机名"),
    ("out-under-a-file", {"out": "FILE/sub"}, "无法创建输出目录"),
    ("out-cannot-be-created", {"out": "/proc/duwang-cannot-create"}, "无法创建输出目录"),
    ("sites-crawl-wrong-type", {"sites": SITE + "crawl = 5\n"}, "crawl 应为一个表"),
    ("sites-rules-wrong-type", {"sites": SITE + 'rules = "column.stale"\n'}, "rules 应为一个表"),
    ("sites-hosts-string", {"sites": SITE + 'hosts = "xxgk.example.gov.cn"\n'}, "hosts 应为主机名的列表"),
    ("sites-duplicate-names", {"sites": SITE + '[[sites]]\nname = "示范县"\nurl = "http://127.0.0.2/"\n'},
     "网站名称 '示范县' 出现了两次"),
    ("sites-rule-setting-misspelled",
     {"sites": SITE + '[sites.rules."column.stale"]\ndynamic_day = 14\n'}, "dynamic_day"),
    ("config-rules-5", {"config": "rules = 5\n"}, "rules 应为一个表"),
    ("config-concurrency-0", {"config": "[crawl]\nconcurrency = 0\n"}, "concurrency 应不小于 1"),
    ("config-timeout-negative", {"config": "[crawl]\ntimeout = -1\n"}, "timeout 应大于 0"),
    ("config-timeout-not-numeric", {"config": '[crawl]\ntimeout = "fast"\n'}, "timeout 应为数字"),
    ("config-max-pages-negative", {"config": "[crawl]\nmax_pages = -5\n"}, "max_pages 应不小于 1"),
    ("config-max-pages-not-numeric", {"config": '[crawl]\nmax_pages = "many"\n'}, "max_pages 应为整数"),
    ("config-disable-string", {"config": '[rules]\ndisable = "text.typo"\n'}, "disable 应为规则 id 的列表"),
    ("config-disable-unknown-rule", {"config": '[rules]\ndisable = ["text.tpyo"]\n'}, "text.tpyo"),
    ("config-unknown-rule-table", {"config": '[rules."column.stal"]\ndynamic_days = 14\n'}, "column.stal"),
    ("config-rule-setting-misspelled", {"config": '[rules."column.stale"]\ndynamic_day = 14\n'},
     "未知的设置 'dynamic_day'"),
    ("config-rule-setting-mistyped", {"config": '[rules."column.stale"]\ndynamic_days = "x"\n'},
     "dynamic_days 的值 'x' 类型不对"),
    ("config-bom-read-past", {"config": BOM + "[crawl]\nconcurrency = 0\n"}, "concurrency 应不小于 1"),
    ("config-report-deadline-not-positive", {"config": "[report]\ndeadlines = { \"否决\" = 0 }\n"},
     "deadlines.否决 应为正整数"),
    ("config-report-deadline-unknown-severity", {"config": "[report]\ndeadlines = { \"严重\" = 5 }\n"}, "严重"),
    ("sites-unit-prefixes-not-a-table", {"sites": SITE + 'unit_prefixes = "县教育局"\n'}, "unit_prefixes 应为"),
    ("max-pages-0", {"args": ["--max-pages", "0"]}, "--max-pages"),
    ("max-pages-negative", {"args": ["--max-pages", "-3"]}, "--max-pages"),
]


@pytest.fixture(scope="module")
def portal():
    from .conftest import Site

    site = Site({"/": ok(html("<a href='/a.html'>通知</a>", title="示范县人民政府")),
                 "/a.html": ok(html("<div class='content'>正文内容很长很长很长。</div>"))})
    yield site
    site.close()


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_exit_2_with_a_message_and_nothing_crawled(case, portal, tmp_path):
    _, how, named = case
    (tmp_path / "FILE").write_text("a file, not a directory")
    out = tmp_path / "out"
    if "out" in how:
        out = Path(how["out"].replace("FILE", str(tmp_path / "FILE")))
    args = ["audit", "--out", str(out), "--as-of", "2026-11-20", "--quiet"]
    if "sites" in how:
        (tmp_path / "sites.toml").write_text(how["sites"].replace("{url}", portal.url), encoding="utf-8")
        args += ["--sites", str(tmp_path / "sites.toml")]
    else:
        args.append(how.get("url", portal.url))
    if "config" in how:
        (tmp_path / "duwang.toml").write_text(how["config"], encoding="utf-8")
        args += ["--config", str(tmp_path / "duwang.toml")]
    args += how.get("args", [])
    hits_before = sum(portal.hits.values())
    proc = cli(*args, timeout=60)
    assert proc.returncode == 2, (proc.returncode, proc.stderr[-2000:])
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert named in proc.stderr, proc.stderr
    assert sum(portal.hits.values()) == hits_before  # nothing crawled
    assert not (out / "audit.db").exists()


def test_a_file_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "duwang.toml").write_text(BOM + '[crawl]\nconcurrency = 2\n[rules."column.stale"]\n'
                                          "dynamic_days = 7\n", encoding="utf-8")
    (tmp_path / "sites.toml").write_text(BOM + SITE.replace("{url}", "http://www.example.gov.cn/")
                                         + 'hosts = ["xxgk.example.gov.cn"]\n', encoding="utf-8")
    config = load_config(tmp_path / "duwang.toml")
    assert config.crawl == {"concurrency": 2} and config.rules == {"column.stale": {"dynamic_days": 7}}
    [site] = load_sites(tmp_path / "sites.toml")
    assert site.name == "示范县" and site.hosts == ["xxgk.example.gov.cn"]
