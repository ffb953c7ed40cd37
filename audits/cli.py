"""The ``duwang`` command line: a thin layer over the library (audits, rules, reports).

Exit codes (a public contract, see README):
    0  audit done, no 否决 (veto) finding
    1  audit done, at least one 否决 finding
    2  bad input (message says what to fix)
    3  another run holds the audit directory's lock
    130 interrupted (Ctrl-C / SIGTERM); run the same command again to resume
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import date
from pathlib import Path

import click

from crawler.schema import SchemaError

from .config import AuditConfig, ConfigError, SiteSpec, check_url, load_config, load_sites

EXIT_OK, EXIT_VETO, EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130


def parse_as_of(value: str | None) -> date:
    if not value:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} 不是 YYYY-MM-DD 格式的日期 (use e.g. 2026-11-20)") from None


def _setup_logging(verbose: bool, quiet: bool) -> None:
    """duwang's and every library's log at WARNING (ERROR under --quiet), DEBUG with -v.

    Scrapy sets its own logger to DEBUG when a crawl starts; the crawl's ``LOG_LEVEL``
    (:func:`log_level`) puts it back (crawler.runner). jieba logs through a handler of its own.
    """
    level = log_level(verbose, quiet)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:  # also what a library logs before we can set it
        handler.addFilter(_LevelFloor(level))
    logging.captureWarnings(True)  # Python warnings (deprecations) are log records at WARNING
    for name in ("scrapy", "twisted", "asyncio", "aiohttp", "urllib3", "redis", "jieba", "py.warnings"):
        logging.getLogger(name).setLevel(level)
    try:
        import jieba

        jieba.setLogLevel(level)
    except ImportError:  # pragma: no cover - jieba is a dependency of the typo rule
        pass
    logging.getLogger("duwang.progress").setLevel(logging.ERROR if quiet else logging.INFO)


class _LevelFloor(logging.Filter):
    """Lets through records at ``level`` or above, and duwang's own (its progress lines)."""

    def __init__(self, level: int):
        super().__init__()
        self.level = level

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno >= self.level or record.name.startswith("duwang.")


def log_level(verbose: bool, quiet: bool) -> int:
    return logging.DEBUG if verbose else (logging.ERROR if quiet else logging.WARNING)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"错误: {message}", err=True)
    sys.exit(code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="duwang")
def main() -> None:
    """duwang (读网): crawl county government portals and audit their 政务公开 columns."""


# -- audit ---------------------------------------------------------------------------------------
@main.command()
@click.argument("urls", nargs=-1)
@click.option("--sites", "sites_file", type=click.Path(), help="sites.toml naming each county.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="Directory for audit.db, findings.json, report.html, report.xlsx.")
@click.option("--as-of", "as_of", help="Date the rules judge against (YYYY-MM-DD); default today.")
@click.option("--config", "config_file", type=click.Path(), help="duwang.toml with [crawl] and [rules].")
@click.option("--max-pages", type=int, help="Pages per site (default 20000).")
@click.option("--ignore-robots", is_flag=True, help="Do not obey robots.txt (only with the site's consent).")
@click.option("--no-resume", is_flag=True, help="Start a new run even if the last one did not finish.")
@click.option("--redis", "redis_url", help="Distributed mode: share the frontier in this Redis (redis://HOST:6379/0).")
@click.option("--workers", default=1, show_default=True,
              help="With --redis: local worker processes to start (0 = only `duwang worker` elsewhere).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing unless findings changed since the last run (cron).")
@click.option("--verbose", "-v", is_flag=True, help="Debug logging.")
def audit(urls, sites_file, out_dir, as_of, config_file, max_pages, ignore_robots, no_resume, redis_url,
          workers, quiet, verbose):
    """Crawl URL(s) or the sites in --sites, run the rules, write the reports into --out."""
    _setup_logging(verbose, quiet)
    try:
        as_of_date = parse_as_of(as_of)
        sites = _sites_from(urls, sites_file)
        config = load_config(config_file)
    except (ConfigError, click.BadParameter) as e:
        fail(str(e.message if isinstance(e, click.BadParameter) else e))
    overrides = {}
    if max_pages is not None:
        overrides["DUWANG_MAX_PAGES"] = max_pages
    if ignore_robots:
        overrides["ROBOTSTXT_OBEY"] = False
    if quiet:
        overrides["DUWANG_PROGRESS"] = "off"
    overrides["LOG_LEVEL"] = logging.getLevelName(log_level(verbose, quiet))
    if workers < 0:
        fail("--workers 不能为负数 (--workers must be 0 or more)")
    code = _run_and_report(sites, Path(out_dir), as_of_date, config, overrides,
                           resume=not no_resume, quiet=quiet, redis_url=redis_url, workers=workers)
    sys.exit(code)


def _sites_from(urls: tuple[str, ...], sites_file: str | None) -> list[SiteSpec]:
    if urls and sites_file:
        raise ConfigError("请只给出网址或 --sites 文件之一 (give URLs or --sites, not both)")
    if sites_file:
        return load_sites(sites_file)
    if not urls:
        raise ConfigError("请给出至少一个网址, 或用 --sites sites.toml 指定要检查的网站 (no site given)")
    specs = []
    for url in urls:
        url = check_url(url)
        specs.append(SiteSpec(name=url.split("//", 1)[1].split("/", 1)[0], url=url))
    return specs


def _run_and_report(sites, out_dir: Path, as_of_date: date, config: AuditConfig, overrides: dict,
                    *, resume: bool, quiet: bool, redis_url: str | None = None, workers: int = 1) -> int:
    from .audit import run_audit
    from .lock import AuditLocked

    try:
        result = run_audit(sites, out_dir, as_of=as_of_date, config=config, resume=resume,
                           scrapy_settings=overrides, redis_url=redis_url, workers=workers)
    except AuditLocked as e:
        click.echo(f"错误: {e}", err=True)
        return EXIT_LOCKED
    except (ConfigError, SchemaError) as e:
        click.echo(f"错误: {e}", err=True)
        return EXIT_BAD_INPUT
    except ConnectionError as e:
        click.echo(f"错误: {e}; 请检查 --redis 地址与 Redis 服务是否运行", err=True)
        return EXIT_BAD_INPUT
    if result.interrupted:
        click.echo(f"运行被中断, 已抓取的内容保存在 {out_dir / 'audit.db'}; 再次运行同一命令即可继续。", err=True)
        return EXIT_INTERRUPTED
    if not quiet or result.changed:
        _print_summary(result, quiet=quiet)
    return EXIT_VETO if result.has_veto else EXIT_OK


def _print_summary(result, *, quiet: bool) -> None:
    from crawler.store import Store

    from .history import diff_runs, diff_text
    from .verdict import verdict_for_run

    with Store(result.out_dir / "audit.db") as store:
        for sr in result.sites:
            v = verdict_for_run(store, sr.run_id)
            score = f", 得分 {v.score:.1f}" if v.score is not None else ""
            click.echo(f"{sr.site.name}: {v.result}{score}; 问题 {len(sr.outcome.findings)} 项"
                       f" (新增 {sr.new}, 已整改 {sr.fixed})")
            if quiet:
                click.echo(diff_text(diff_runs(store, sr.run_id)))
            for rule_id, error in (sr.outcome.failed or {}).items():
                click.echo(f"  规则 {rule_id} 运行失败: {error}", err=True)
    if quiet:  # cron mails what changed, nothing else
        return
    for name, path in result.reports.items():
        click.echo(f"{name}: {path}")


# -- demo ----------------------------------------------------------------------------------------
@main.command()
@click.option("--out", "out_dir", default="duwang-demo", show_default=True, type=click.Path(file_okay=False))
@click.option("--pages", default=400, show_default=True, help="Approximate size of the demo portal.")
@click.option("--port", default=0, help="Port for the demo portal (0 = any free port).")
@click.option("--as-of", "as_of", help="Audit date; default the demo's own date 2026-11-20.")
@click.option("--serve", is_flag=True, help="Only serve the demo portal until Ctrl-C (no audit).")
@click.option("--quiet", "-q", is_flag=True)
def demo(out_dir, pages, port, as_of, serve, quiet):
    """Serve the bundled demo county portal on 127.0.0.1 and audit it."""
    from crawler.demo import DEMO_AS_OF, DemoServer, build_portal

    _setup_logging(False, quiet)
    portal = build_portal(pages=pages)
    with DemoServer(portal, port=port) as server:
        if serve:
            click.echo(f"示范门户: {server.url} (Ctrl-C 结束)")
            try:
                import time

                while True:
                    time.sleep(3600)
            except KeyboardInterrupt:
                return
        as_of_date = parse_as_of(as_of) if as_of else DEMO_AS_OF
        site = SiteSpec(name=portal.name, url=server.url, site_code=portal.site_code, unit=portal.unit)
        overrides = {"DUWANG_RETRY_BASE_DELAY": 0.2, "AUTOTHROTTLE_START_DELAY": 0.0,
                     "LOG_LEVEL": logging.getLevelName(log_level(False, quiet))}
        if quiet:
            overrides["DUWANG_PROGRESS"] = "off"
        code = _run_and_report([site], Path(out_dir), as_of_date, AuditConfig(), overrides,
                               resume=False, quiet=quiet)
    sys.exit(code)


# -- probe ---------------------------------------------------------------------------------------
@main.command()
@click.argument("urls", nargs=-1)
@click.option("--sites", "sites_file", type=click.Path(), help="sites.toml naming each county.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False),
              help="The audit directory (probes are stored in its audit.db).")
@click.option("--timeout", default=15.0, show_default=True, help="Seconds for the home page to be open.")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing (cron).")
def probe(urls, sites_file, out_dir, timeout, quiet):
    """Ask each site's home page once and store the outcome (cron: every hour)."""
    from .probe import probe_sites

    _setup_logging(False, quiet)
    try:
        sites = _sites_from(urls, sites_file)
    except ConfigError as e:
        fail(str(e))
    if timeout <= 0:
        fail("--timeout 必须大于 0 (seconds)")
    try:
        probes = probe_sites(sites, Path(out_dir), timeout=timeout)
    except SchemaError as e:
        fail(str(e))
    if not quiet:
        for spec, p in zip(sites, probes):
            state = "可访问" if p.ok else f"无法访问 ({p.error})"
            click.echo(f"{spec.name}: {state}, 状态码 {p.status or '无'}, 用时 {p.elapsed:.1f} 秒")


# -- prune ---------------------------------------------------------------------------------------
@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False), help="The audit directory.")
@click.option("--keep", required=True, type=int, help="Finished runs to keep per site (the newest).")
@click.option("--quiet", "-q", is_flag=True, help="Print nothing (cron).")
def prune(out_dir, keep, quiet):
    """Drop old runs (keeping the newest --keep per site and what they still show)."""
    from crawler.store import Store

    from .lock import AuditLocked, audit_lock
    from .prune import prune as prune_store

    _setup_logging(False, quiet)
    if keep < 1:
        fail("--keep 至少为 1 (keep at least the newest run of each site)")
    db = Path(out_dir) / "audit.db"
    if not db.exists():
        fail(f"{out_dir} 中没有 audit.db; 请检查 --out 目录")
    try:
        with audit_lock(Path(out_dir)), Store(db, create=False) as store:
            result = prune_store(store, keep)
    except AuditLocked as e:
        click.echo(f"错误: {e}", err=True)
        sys.exit(EXIT_LOCKED)
    except SchemaError as e:
        fail(str(e))
    if not quiet:
        click.echo(f"删除了 {len(result.dropped)} 次旧的运行, 保留 {len(result.kept)} 次 "
                   f"(每个网站最近 {keep} 次完成的运行及未完成的运行)")


# -- worker --------------------------------------------------------------------------------------
@main.command()
@click.option("--redis", "redis_url", required=True, help="The coordinator's Redis (redis://HOST:6379/0).")
@click.option("--audit", "audit_key", help="Audit key (default: the newest audit published in Redis).")
@click.option("--wait", default=60.0, show_default=True, help="Seconds to wait for an audit to be published.")
def worker(redis_url, audit_key, wait):
    """Join a distributed audit: crawl from the shared Redis frontier until its runs are done."""
    from crawler.distributed.worker import NoWork, run_worker

    _setup_logging(False, False)
    try:
        run_worker(redis_url, audit_key=audit_key, wait=wait)
    except NoWork as e:
        fail(f"没有可做的工作: {e}")
    except ConnectionError as e:
        fail(f"无法连接 Redis ({redis_url}): {e}")


# -- rules ---------------------------------------------------------------------------------------
@main.group(invoke_without_command=True)
@click.pass_context
def rules(ctx):
    """List the rules (id, severity, title, basis); subcommands show, new, docs."""
    if ctx.invoked_subcommand is None:
        from rules.registry import all_rules

        for rule in all_rules():
            click.echo(f"{rule.id:<26} {rule.severity}  {rule.title}  — {rule.basis}")


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id):
    """Print a rule's documentation."""
    from rules.docs import render_rule_markdown
    from rules.registry import get_rule

    try:
        click.echo(render_rule_markdown(get_rule(rule_id)))
    except KeyError:
        fail(f"没有 id 为 {rule_id!r} 的规则; 运行 `duwang rules` 查看全部")


@rules.command("new")
@click.argument("name")
@click.option("--root", default=".", type=click.Path(file_okay=False), help="Checkout root.")
def rules_new(name, root):
    """Scaffold a rule module NAME (e.g. column.orphan), its fixtures and its test."""
    from rules.scaffold import new_rule

    try:
        for path in new_rule(name, Path(root)):
            click.echo(f"created {path}")
    except ValueError as e:
        fail(str(e))


@rules.command("docs")
@click.option("--out", "out_dir", default="docs/rules", show_default=True, type=click.Path(file_okay=False))
def rules_docs(out_dir):
    """Regenerate the rule documentation pages from the rules themselves."""
    from rules.docs import write_docs

    for path in write_docs(Path(out_dir)):
        click.echo(f"wrote {path}")


# -- check-text ------------------------------------------------------------------------------------
@main.command("check-text")
@click.argument("file", type=click.File("r", encoding="utf-8"))
def check_text(file):
    """Check a draft for typos: one sentence a line in (FILE or - for stdin), JSON lines out."""
    from rules.typo.api import check_lines

    try:
        lines = file.read().splitlines()
    except UnicodeDecodeError:
        fail("输入不是 UTF-8 编码的文本; 请另存为 UTF-8 后再检查 (input is not UTF-8)")
    for hit in check_lines(lines):
        click.echo(json.dumps(hit, ensure_ascii=False))


# -- diff ------------------------------------------------------------------------------------------
@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(exists=False, file_okay=False),
              help="The audit directory.")
@click.option("--run", "run_id", type=int, help="Run to compare (default: newest finished run of each site).")
@click.option("--against", "against", type=int, help="Earlier run (default: the run before it).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
def diff(out_dir, run_id, against, as_json):
    """Show what is new, fixed and still open against the previous run of the same site."""
    from crawler.store import Store

    from .history import diff_runs, diff_text

    db = Path(out_dir) / "audit.db"
    if not db.exists():
        fail(f"{out_dir} 中没有 audit.db; 请先运行 duwang audit --out {out_dir}")
    try:
        store = Store(db, create=False)
    except SchemaError as e:
        fail(str(e))
    with store:
        run_ids = [run_id] if run_id else [
            r["id"] for s in store.sites() if (r := store.latest_run(s["id"]))]
        if not run_ids:
            fail(f"{out_dir} 中还没有完成的审计")
        for rid in run_ids:
            try:
                d = diff_runs(store, rid, against)
            except (KeyError, LookupError) as e:
                fail(f"找不到运行 {e}")
            if as_json:
                click.echo(json.dumps({"run_id": d.run_id, "previous_run_id": d.previous_run_id,
                                       "new": d.new, "fixed": d.fixed, "still_open": d.still_open},
                                      ensure_ascii=False, default=str))
            else:
                site = store.site(store.run(rid)["site_id"])
                click.echo(f"== {site['name']} (运行 {d.run_id} 对比 {d.previous_run_id or '无'})")
                click.echo(diff_text(d))


if __name__ == "__main__":  # pragma: no cover
    main()
