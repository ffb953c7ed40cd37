"""The ``duwang`` command line: a thin layer over the library (audits, rules, reports).

Exit codes (a public contract, see README):
    0  audit done, no 否决 (veto) finding
    1  audit done, at least one 否决 finding
    2  bad input (message says what to fix)
    3  another run holds the audit directory's lock
    4  incomplete: a site could not be judged (无法检查: nothing read) or a rule failed (未完成)
    5  internal error (a crash): a short message, the traceback only with -v
    130 interrupted (Ctrl-C / SIGTERM); run the same command again to resume
When several apply: 5 > 130 > 4 > 1 > 0.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sys
import traceback
from datetime import date
from pathlib import Path

import click

from crawler.runs import RunStatus
from crawler.schema import SchemaError

from .config import AuditConfig, ConfigError, SiteSpec, check_url, load_config, load_sites

EXIT_OK, EXIT_VETO, EXIT_BAD_INPUT, EXIT_LOCKED, EXIT_INTERRUPTED = 0, 1, 2, 3, 130
DEMO_PORT = 8780
EXIT_INCOMPLETE, EXIT_INTERNAL = 4, 5
_verbose = False  # set by _setup_logging: -v shows the traceback of an internal error


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
    global _verbose
    _verbose = verbose
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


class _Guarded(click.Group):
    """Every command: a crash exits 5 with a short message (never 1, which means 否决 findings),
    Ctrl-C outside the crawl exits 130 (click's own Abort would exit 1)."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("已中断; 再次运行同一命令即可继续。", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except Exception as e:
            if isinstance(e, OSError) and e.errno == errno.EPIPE:
                raise
            internal_error(e)


def internal_error(error: BaseException) -> None:
    """Report a crash in a few lines (the traceback only with -v) and exit 5."""
    if _verbose:
        traceback.print_exception(type(error), error, error.__traceback__)
    text = " ".join(str(error).split())[:300]
    click.echo(f"内部错误: {type(error).__name__}: {text}", err=True)
    click.echo("请报告此错误 (附上所用命令; 加 -v 可显示详细信息)。", err=True)
    sys.exit(EXIT_INTERNAL)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="duwang")
def main() -> None:
    """duwang (读网): crawl county government portals and audit their 政务公开 columns.

    \b
    Examples:
      duwang demo --out /tmp/demo
      duwang audit https://www.example.gov.cn/ --out audits/example --as-of 2026-11-20
      duwang COMMAND --help

    \b
    Exit codes (duwang audit; each command's --help lists its own):
      0 done, no 否决   1 否决 findings   2 bad input   3 locked
      4 incomplete      5 internal error  130 interrupted (resumable)
    """


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
    """Crawl URL(s) or the sites in --sites, run the rules, write the reports into --out.

    \b
    Examples:
      duwang audit https://www.example.gov.cn/ --out audits/example --as-of 2026-11-20
      duwang audit --sites sites.toml --out audits/city --config duwang.toml
      duwang audit --sites sites.toml --out audits/city --quiet     # cron: print only changes

    \b
    Exit codes:
      0    done, no 否决 finding
      1    done, at least one 否决 finding
      2    bad input (URL, sites.toml, config, date): the message says what to fix
      3    another run holds the audit directory's lock
      4    incomplete: a site could not be judged (无法检查) or a rule failed (未完成)
      5    internal error (a crash); -v shows the traceback
      130  interrupted; run the same command again to resume
    """
    _setup_logging(verbose, quiet)
    try:
        as_of_date = parse_as_of(as_of)
        sites = _sites_from(urls, sites_file)
        config = load_config(config_file)
    except (ConfigError, click.BadParameter) as e:
        fail(str(e.message if isinstance(e, click.BadParameter) else e))
    if max_pages is not None and max_pages < 1:
        fail(f"--max-pages 应为 1 或更大的整数 (pages per site), 而不是 {max_pages}")
    if workers < 0:
        fail("--workers 不能为负数 (--workers must be 0 or more)")
    _check_out_dir(Path(out_dir))
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


def _check_out_dir(out_dir: Path) -> None:
    """The audit directory exists (created if need be) and is writable, before any crawl."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        fail(f"无法创建输出目录 --out {out_dir}: {e.strerror or e}; 请换一个可写的目录")
    if not out_dir.is_dir() or not os.access(out_dir, os.W_OK | os.X_OK):
        fail(f"输出目录 --out {out_dir} 不可写; 请换一个可写的目录")


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
    if not quiet or result.changed or result.incomplete:
        _print_summary(result, quiet=quiet)
    return exit_code(result)


def exit_code(result) -> int:
    """4 when a site could not be judged or a rule failed, else 1 for a veto, else 0
    (interruptions and crashes are decided before: 5 > 130 > 4 > 1 > 0)."""
    if result.interrupted:
        return EXIT_INTERRUPTED
    if result.incomplete:
        return EXIT_INCOMPLETE
    return EXIT_VETO if result.has_veto else EXIT_OK


def _print_summary(result, *, quiet: bool) -> None:
    from crawler.store import Store
    from findings.history import diff_runs, diff_text
    from findings.verdict import verdict_for_run

    with Store(result.out_dir / "audit.db") as store:
        for sr in result.sites:
            v = sr.verdict or verdict_for_run(store, sr.run_id)
            score = f", 得分 {v.score:.1f}" if v.score is not None else ""
            click.echo(f"{sr.site.name}: {v.result}{score}; 问题 {len(sr.outcome.findings)} 项"
                       f" (新增 {sr.new}, 已整改 {sr.fixed}); {v.coverage.summary()}")
            if v.coverage.warning():
                click.echo(f"  注意: {v.coverage.warning()}", err=True)
            m = sr.marks
            if m and (m.ignored or m.recheck_failed or m.recheck_passed):
                click.echo(f"  标记 (ignore.toml): 无需整改 {len(m.ignored)} 项不计入结论; "
                           f"复核通过 {len(m.recheck_passed)} 项, 复核未通过 {len(m.recheck_failed)} 项")
            if quiet:
                click.echo(diff_text(diff_runs(store, sr.run_id)))
            for rule_id in v.failed_rules:
                click.echo(f"  规则 {rule_id} 运行出错, 该项未检查, 检查未完成", err=True)
    if quiet:  # cron mails what changed, nothing else
        return
    for name, path in result.reports.items():
        click.echo(f"{name}: {path}")


# -- demo ----------------------------------------------------------------------------------------
@main.command()
@click.option("--out", "out_dir", default="duwang-demo", show_default=True, type=click.Path(file_okay=False))
@click.option("--pages", default=400, show_default=True, help="Approximate size of the demo portal.")
@click.option("--port", default=DEMO_PORT, show_default=True,
              help="Port for the demo portal on 127.0.0.1 (0 = any free port; a fixed port keeps the "
                   "findings of two demo audits comparable).")
@click.option("--as-of", "as_of", help="Audit date; default the demo's own date 2026-11-20.")
@click.option("--serve", is_flag=True, help="Only serve the demo portal until Ctrl-C (no audit).")
@click.option("--variant", default="", metavar="NAME",
              help="A demo portal built like another CMS: empire, siteserver (default: the original demo).")
@click.option("--quiet", "-q", is_flag=True)
def demo(out_dir, pages, port, as_of, serve, variant, quiet):
    """Serve the bundled demo county portal on 127.0.0.1 and audit it.

    \b
    Examples:
      duwang demo --out /tmp/demo                 # audit the demo portal, reports in /tmp/demo
      duwang demo --variant empire --out /tmp/e   # a demo portal built like EmpireCMS
      duwang demo --serve --port 8780             # only serve it (Ctrl-C ends)

    \b
    Exit codes (as duwang audit):
      0    done, no 否决 finding      1  at least one 否决 finding (the demo has some)
      2    bad input (unknown --variant, bad date)
      4    incomplete                 5  internal error       130  interrupted
    """
    from crawler.demo import DEMO_AS_OF, DemoServer, build_portal
    from crawler.demo.variants import VARIANTS, build_variant

    _setup_logging(False, quiet)
    if variant and variant not in VARIANTS:
        fail(f"未知的演示网站 --variant {variant}；可选：{'、'.join(VARIANTS)}")
    portal = build_variant(variant) if variant else build_portal(pages=pages)
    try:
        server = DemoServer(portal, port=port).start()
    except OSError:
        if not port:
            raise
        click.echo(f"端口 {port} 已被占用, 改用任意空闲端口 (两次示范审计的问题指纹将不能直接对比; "
                   f"port {port} is taken, use --port to choose another)", err=True)
        server = DemoServer(portal, port=0).start()
    with server:
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
    """Ask each site's home page once and store the outcome (cron: every hour).

    \b
    Example (crontab, every hour):
      7 * * * *  cd /srv/duwang && duwang probe --sites sites.toml --out audits/city --quiet
    \b
    Exit codes:
      0  probes stored (a site that did not answer is a stored probe, not an error)
      2  bad input (sites.toml, URL, --out) or a store that cannot be used
    """
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
    """Drop old runs (keeping the newest --keep per site and what they still show).

    \b
    Example:
      duwang prune --out audits/city --keep 8
    \b
    Exit codes:
      0  pruned
      2  bad input (--keep below 1, no audit.db)
      3  an audit holds the directory's lock
    """
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
    """Join a distributed audit: crawl from the shared Redis frontier until its runs are done.

    \b
    Example:
      duwang worker --redis redis://10.0.0.5:6379/0            # the newest published audit
      duwang worker --redis redis://10.0.0.5:6379/0 --wait 600

    \b
    Exit codes:
      0    the audit's runs are done (the coordinator runs the rules and reports)
      2    bad input: Redis cannot be reached, or no audit was published within --wait
      5    internal error (a crash)
      130  interrupted; the coordinator keeps the runs resumable
    """
    from crawler.distributed.worker import NoWork, run_worker

    _setup_logging(False, False)
    try:
        run_worker(redis_url, audit_key=audit_key, wait=wait)
    except NoWork as e:
        fail(f"没有可做的工作: {e}", EXIT_BAD_INPUT)
    except ConnectionError as e:
        fail(f"无法连接 Redis ({redis_url}): {e}; 请检查 --redis 地址与 Redis 服务是否运行", EXIT_BAD_INPUT)
    sys.exit(EXIT_OK)


# -- crawl ---------------------------------------------------------------------------------------
@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--store", "store_path", required=True, type=click.Path(dir_okay=False),
              help="SQLite audit store to write (created if absent).")
@click.option("--as-of", "as_of", help="Date of the run (YYYY-MM-DD); default today.")
@click.option("--set", "set_items", multiple=True, metavar="NAME=JSON",
              help="Scrapy/duwang setting, value as JSON (e.g. DUWANG_MAX_PAGES=50); repeatable.")
@click.option("--no-resume", is_flag=True, help="Start a new run even if the last one did not finish.")
@click.option("--redis", "redis_url", help="Distributed mode: share the frontier in this Redis.")
@click.option("--workers", default=1, show_default=True, help="With --redis: local worker processes.")
def crawl(urls, store_path, as_of, set_items, no_resume, redis_url, workers):
    """Crawl only (no rules, no reports) into --store; one JSON line per run.

    For debugging extraction and checking what the crawler stored. `python -m crawler` is an
    alias of this command (same function, same options).

    \b
    Examples:
      duwang crawl https://www.example.gov.cn/ --store /tmp/x.db --set DUWANG_MAX_PAGES=50
      sqlite3 /tmp/x.db 'SELECT kind, COUNT(*) FROM pages GROUP BY kind'

    \b
    Exit codes:
      0    every run finished
      2    bad input (URL, date)
      5    internal error (a crash)
      130  interrupted; run the same command again to resume
    """
    from crawler.crawl import crawl_only, exit_code, parse_settings

    try:
        checked = [check_url(u) for u in urls]
        as_of_date = parse_as_of(as_of)
    except (ConfigError, click.BadParameter) as e:
        fail(str(e.message if isinstance(e, click.BadParameter) else e))
    runs = crawl_only(store_path, checked, as_of=as_of_date.isoformat(), settings=parse_settings(list(set_items)),
                      resume=not no_resume, redis_url=redis_url, workers=workers)
    for run in runs:
        if run.status != RunStatus.FINISHED and run.reason:
            click.echo(f"运行 {run.run_id} 未完成: {run.reason}", err=True)
        click.echo(run.to_json())
    sys.exit(exit_code(runs))


# -- rules ---------------------------------------------------------------------------------------
@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True,
              help="One JSON array of the rules (id, title, severity, scope, basis, basis_status, lifecycle).")
@click.pass_context
def rules(ctx, as_json):
    """List the rules (id, severity, lifecycle, title, basis); subcommands show, new, docs.

    \b
    Examples:
      duwang rules
      duwang rules --json | jq -r '.[].id'
      duwang rules show column.stale

    \b
    Exit codes:
      0    listed
      5    internal error (e.g. a third-party rule that breaks the rule contract)
    """
    if ctx.invoked_subcommand is not None:
        return
    from rules.registry import all_rules

    listed = all_rules()
    if as_json:
        click.echo(json.dumps([{"id": r.id, "title": r.title, "severity": r.severity, "scope": r.scope,
                                "basis": r.basis, "basis_status": r.basis_status, "lifecycle": r.lifecycle}
                               for r in listed],
                              ensure_ascii=False, indent=2))
        return
    click.echo(f"{'规则编号 id':<26} {'严重程度':<4}  {'状态':<10}  标题 — 依据")
    for rule in listed:
        click.echo(f"{rule.id:<26} {rule.severity}      {rule.lifecycle:<10}  {rule.title}  — {rule.basis}")


@rules.command("show")
@click.argument("rule_id")
def rules_show(rule_id):
    """Print a rule's documentation.

    \b
    Example:
      duwang rules show column.stale

    \b
    Exit codes:
      0    printed
      2    no rule has this id (duwang rules lists them)
    """
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
    """Scaffold a rule module NAME (e.g. column.orphan), its fixtures and its test.

    \b
    Example:
      duwang rules new column.orphan
      python3 -m pytest tests/rules -q --update-snapshots   # pin its findings, then read them

    \b
    Exit codes:
      0    written
      2    the id is invalid or taken, or --root is not a duwang checkout
    """
    from rules.scaffold import new_rule

    try:
        for path in new_rule(name, Path(root)):
            click.echo(f"created {path}")
    except ValueError as e:
        fail(str(e))


@rules.command("docs")
@click.option("--out", "out_dir", default="docs/rules", show_default=True, type=click.Path(file_okay=False))
def rules_docs(out_dir):
    """Regenerate the rule documentation pages from the rules themselves.

    \b
    Example:
      duwang rules docs                 # rewrites docs/rules/*.md; commit the result

    \b
    Exit codes:
      0    written
      5    internal error (e.g. the folder cannot be written)
    """
    from rules.docs import write_docs

    for path in write_docs(Path(out_dir)):
        click.echo(f"wrote {path}")


# -- check-text ------------------------------------------------------------------------------------
@main.command("check-text")
@click.argument("file", type=click.File("rb"))
def check_text(file):
    """Check a draft for typos: one sentence a line in (FILE or - for stdin), JSON lines out.

    Any encoding is read (UTF-8 with or without BOM, GB18030/GBK, UTF-16 with BOM).

    \b
    Examples:
      duwang check-text draft.txt
      echo '截止目前已按装3台' | duwang check-text -

    \b
    Exit codes:
      0    nothing found
      1    at least one finding
      2    the input cannot be read as text
    """
    from crawler.extract.encoding import decode_body
    from rules.typo.api import check_lines

    raw = file.read()
    text, _ = decode_body(raw, "")
    if "\x00" in text or text.count("\ufffd") > max(3, len(text) // 100):
        fail("无法识别输入的文字编码; 请另存为 UTF-8 或 GB18030 后再检查 (cannot detect the input's encoding)")
    found = 0
    for hit in check_lines(text.splitlines()):
        found += 1
        click.echo(json.dumps(hit, ensure_ascii=False))
    sys.exit(EXIT_VETO if found else EXIT_OK)


# -- browse ----------------------------------------------------------------------------------------
@main.command()
@click.argument("out_dir", type=click.Path(file_okay=False))
@click.option("--port", default=8001, show_default=True, help="Port on 127.0.0.1 for Datasette.")
def browse(out_dir, port):
    """Browse an audit directory's audit.db in Datasette (pip install 'duwang[browse]').

    \b
    Example:
      duwang browse audits/city          # then open http://127.0.0.1:8001/

    \b
    Exit codes:
      0    Datasette stopped (Ctrl-C)
      2    no audit.db in the folder, or Datasette is not installed
      other  Datasette's own exit code
    """
    import shutil
    import tempfile

    from crawler.store import Store
    from reports.browse import datasette_metadata, ensure_browse_views

    db = Path(out_dir) / "audit.db"
    if not db.exists():
        fail(f"{out_dir} 中没有 audit.db; 请先运行 duwang audit --out {out_dir}")
    exe = shutil.which("datasette")
    if exe is None:
        fail("未安装 Datasette; 请运行 python3 -m pip install 'duwang[browse]' (or pip install datasette)")
    with Store(db) as store:
        ensure_browse_views(store)
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as meta:
        json.dump(datasette_metadata(db.stem), meta, ensure_ascii=False)
    click.echo(f"Datasette: http://127.0.0.1:{port}/ (Ctrl-C 结束)")
    try:
        sys.exit(_serve([exe, "serve", str(db), "--metadata", meta.name, "-h", "127.0.0.1", "-p", str(port)]))
    finally:
        Path(meta.name).unlink(missing_ok=True)


def _serve(command: list[str]) -> int:
    """Run the server until it ends; a SIGTERM to duwang (a service manager, ``kill``) is passed
    on to it, so stopping duwang never leaves the server running on its own. Ctrl-C reaches both
    (one process group): duwang waits for the server and exits 0."""
    import signal
    import subprocess

    proc = subprocess.Popen(command)
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: proc.send_signal(signum))
    try:
        while True:
            try:
                code = proc.wait()
                return EXIT_OK if code in (-signal.SIGINT, -signal.SIGTERM) else code
            except KeyboardInterrupt:
                continue  # the server got the same Ctrl-C: wait for it to finish
    finally:
        signal.signal(signal.SIGTERM, previous)


# -- accept ----------------------------------------------------------------------------------------
@main.command()
@click.argument("xlsx", type=click.Path(dir_okay=False))
@click.option("--out", "out_dir", type=click.Path(file_okay=False),
              help="The audit directory whose ignore.toml to update (default: the workbook's directory).")
def accept(xlsx, out_dir):
    """Read a filled-in 整改清单 (report.xlsx) back: rows marked 无需整改 / 已整改 go into ignore.toml.

    \b
    Example:
      duwang accept audits/city/示范县人民政府/整改清单.xlsx --out audits/city
    \b
    Exit codes:
      0  ignore.toml written
      2  the workbook or the audit directory cannot be used (the message says why)
    """
    from findings.ignore import MarksError, accept_workbook

    path = Path(xlsx)
    if not path.exists():
        fail(f"找不到文件 {path}; 请给出 duwang 生成的 report.xlsx 的路径")
    target = Path(out_dir) if out_dir else path.resolve().parent
    if not target.is_dir():
        fail(f"审计目录 {target} 不存在; 请用 --out 指定审计目录")
    try:
        written, counts = accept_workbook(path, target)
    except MarksError as e:
        fail(str(e))
    click.echo(f"已写入 {written}（无需整改 {counts['无需整改']} 条，已整改 {counts['已整改']} 条）；"
               f"下次运行 duwang audit --out {target} 时，无需整改的问题不计入结论，已整改的问题将复核。")


# -- diff ------------------------------------------------------------------------------------------
@main.command()
@click.option("--out", "out_dir", required=True, type=click.Path(exists=False, file_okay=False),
              help="The audit directory.")
@click.option("--run", "run_id", type=int, help="Run to compare (default: newest finished run of each site).")
@click.option("--against", "against", type=int, help="Earlier run (default: the run before it).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of text.")
def diff(out_dir, run_id, against, as_json):
    """Show what is new, fixed and still open against the previous run of the same site.

    \b
    Examples:
      duwang diff --out audits/city
      duwang diff --out audits/city --json | jq '.sites[].new | length'
      duwang diff --out audits/city --run 7 --against 3

    \b
    Exit codes:
      0    printed
      2    no audit.db (or no finished audit) in the folder, or an unknown run
    """
    from crawler.store import Store
    from findings.history import diff_runs, diff_text

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
        documents = []
        for rid in run_ids:
            try:
                d = diff_runs(store, rid, against)
            except (KeyError, LookupError) as e:
                fail(f"找不到运行 {e}")
            site = store.site(store.run(rid)["site_id"])
            if as_json:
                documents.append({"site": site["name"], "site_id": site["id"], "run_id": d.run_id,
                                  "previous_run_id": d.previous_run_id,
                                  "new": d.new, "fixed": d.fixed, "still_open": d.still_open,
                                  "unchecked": d.unchecked})
            else:
                click.echo(f"== {site['name']} (运行 {d.run_id} 对比 {d.previous_run_id or '无'})")
                click.echo(diff_text(d))
        if as_json:  # one JSON document for all sites
            click.echo(json.dumps({"sites": documents}, ensure_ascii=False, default=str, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
