"""Where one whole audit spends its time: startup, crawl, attachments, rules (each), findings, reports.

    python3 benchmarks/whole_breakdown.py --pages 2000            # every page a listing
    python3 benchmarks/whole_breakdown.py --pages 2000 --demo     # the demo portal
    python3 benchmarks/whole_breakdown.py --pages 2000 --profile crawl.prof   # cProfile of the crawl

The site is served by a separate process pinned to core 1, the audit runs in this process pinned to
core 0 (``taskset``), politeness off as in ``benchmarks/whole_audit.py``. Each phase is timed by
wrapping the function that does it (wall and this process's CPU seconds). With ``--profile`` the
crawl (``crawl_sites``) runs under cProfile and its own time is printed grouped by component.
Nothing is asserted: figures to read.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date
from pathlib import Path

T0 = time.perf_counter()
C0 = time.process_time()
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
PHASES: list[tuple[str, float, float]] = []


@contextmanager
def phase(name: str):
    w, c = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        PHASES.append((name, time.perf_counter() - w, time.process_time() - c))


def timed(owner, attr: str, name: str, profile: str | None = None):
    """Replace ``owner.attr`` by a wrapper that records one phase per call (optionally profiled)."""
    inner = getattr(owner, attr)

    def wrapper(*a, **kw):
        with phase(name):
            if profile:
                prof = cProfile.Profile()
                try:
                    return prof.runcall(inner, *a, **kw)
                finally:
                    prof.dump_stats(profile)
            return inner(*a, **kw)

    setattr(owner, attr, wrapper)


# Component of a function, by the file it is defined in (first match wins).
COMPONENTS = [
    ("extraction (crawler/extract, lxml)", ("crawler/extract/", "lxml", "parsel", "cssselect", "w3lib/html")),
    ("duwang spider", ("crawler/spiders/",)),
    ("duwang middlewares", ("crawler/middlewares/",)),
    ("frontier SQL", ("crawler/frontier/",)),
    ("pipeline/store SQLite", ("crawler/pipelines.py", "crawler/store.py", "crawler/schema.py", "sqlite3")),
    ("duwang other", ("crawler/",)),
    ("scrapy downloader middlewares", ("scrapy/downloadermiddlewares/",)),
    ("scrapy spider middlewares", ("scrapy/spidermiddlewares/", "scrapy/core/spidermw.py")),
    ("scrapy download handler + HTTP client", ("scrapy/core/downloader/handlers", "scrapy/core/downloader/webclient",
                                               "scrapy/core/http2", "twisted/web/", "twisted/protocols/tls",
                                               "aiohttp/", "yarl/", "multidict/", "aiohappyeyeballs/")),
    ("scrapy downloader (slots, mw chain)", ("scrapy/core/downloader/",)),
    ("scrapy engine/scheduler/queues", ("scrapy/core/engine.py", "scrapy/core/scheduler.py", "scrapy/squeues",
                                        "queuelib", "scrapy/pqueues.py", "scrapy/core/scraper.py")),
    ("scrapy signals/stats/logging/extensions", ("scrapy/signalmanager", "scrapy/utils/signal", "pydispatch",
                                                 "scrapy/statscollectors", "scrapy/extensions", "logging/",
                                                 "crawler/extensions.py")),
    ("scrapy http objects/urls", ("scrapy/http/", "w3lib/", "scrapy/utils/url", "urllib/", "scrapy/utils/request",
                                  "scrapy/utils/response", "tldextract", "scrapy/utils/httpobj")),
    ("scrapy other (utils, defer, asyncio glue)", ("scrapy/",)),
    ("twisted reactor/deferreds/tcp", ("twisted/",)),
    ("asyncio", ("asyncio/",)),
]


def component(filename: str) -> str:
    f = filename.replace(os.sep, "/")
    for name, needles in COMPONENTS:
        if any(n in f for n in needles):
            return name
    if f.startswith("~") or f.startswith("<"):
        return "builtins (C calls)"
    return "other python"


def grouped(profile: str) -> None:
    stats = pstats.Stats(profile)
    groups: dict[str, float] = defaultdict(float)
    total = 0.0
    for (filename, _line, _func), (_cc, _nc, tt, _ct, callers) in stats.stats.items():
        name = component(filename)
        if name == "builtins (C calls)" and callers:
            # A C call (socket send, lxml parse, sqlite execute) belongs to whoever made it: split its
            # own time over its callers by their share of the calls.
            calls = sum(c[1] for c in callers.values()) or 1
            for caller, (_c, n, _t, _ct2) in callers.items():
                groups[component(caller[0])] += tt * n / calls
        else:
            groups[name] += tt
        total += tt
    print(f"\ncProfile of the crawl, own time by component (total {total:.2f} s, profiler overhead included):")
    for name, secs in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {name:<46} {secs:7.2f} s {secs / total:6.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--demo", action="store_true", help="the demo portal instead of the listing site")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the crawl into FILE and print it grouped")
    args = parser.parse_args()
    if os.cpu_count() and os.cpu_count() > 1:
        os.sched_setaffinity(0, {0})
    with phase("startup: imports"):
        from crawl_bench import SERVER, free_port, pin

        import audits.audit as audit_mod
        import audits.engine as engine_mod
        import crawler.runner as runner_mod
        import findings.records as records_mod
        import reports as reports_mod
        from audits.config import SiteSpec
        from crawler.store import Store
    port = free_port()
    if args.demo:
        cmd = pin(1) + [sys.executable, "-c", SERVER, str(args.pages), str(port), "/tmp/whole-breakdown-stats"]
    else:
        cmd = pin(1) + [sys.executable, str(ROOT / "benchmarks" / "listing_site.py"), str(args.pages), str(port)]
    server = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})
    server.stdout.readline()
    # An audit crawls in a child process (crawler.child); here in this one, so that the crawl's
    # profile and its finalize_run time are seen (the fork itself costs milliseconds).
    runner_mod.crawl_sites = runner_mod.crawl_here
    timed(runner_mod, "crawl_sites", "crawl (crawl_sites: Scrapy, extraction, store)", args.profile)
    timed(runner_mod, "finalize_run", "  of which finalize_run (column aggregation)")
    timed(audit_mod, "read_for_site", "attachments (read_for_site)")
    timed(audit_mod, "apply_marks", "findings: apply_marks")
    timed(audit_mod, "verdict_for_run", "findings: verdict_for_run")
    timed(audit_mod, "_changes", "findings: diff against previous run")
    timed(reports_mod, "write_reports", "reports (write_reports)")
    timed(records_mod.FindingsWriter, "flush", "findings: saved in batches (FindingsWriter.flush)")
    rule_times: list[tuple[str, float, float]] = []
    inner_enabled = engine_mod.enabled_rules

    def enabled(cfg):  # wrap every rule's check() to time it (the generator is consumed by list())
        rules, skipped = inner_enabled(cfg)
        for rule in rules:
            check = rule.check

            def timed_check(ctx, _check=check, _id=rule.id):
                w, c = time.perf_counter(), time.process_time()
                out = list(_check(ctx))
                rule_times.append((_id, time.perf_counter() - w, time.process_time() - c))
                return iter(out)

            rule.check = timed_check
        return rules, skipped

    engine_mod.enabled_rules = enabled
    from whole_audit import FAST

    try:
        with tempfile.TemporaryDirectory(prefix="duwang-breakdown-") as d:
            with phase("whole run_audit"):
                result = audit_mod.run_audit([SiteSpec(name="基准县", url=f"http://127.0.0.1:{port}/")], Path(d),
                                             as_of=date(2026, 11, 20), scrapy_settings=FAST)
            with Store(Path(d) / "audit.db") as store:
                pages = next(store.query("SELECT count(*) AS n FROM pages WHERE run_id = ?",
                                         [result.sites[0].run_id]))["n"]
    finally:
        server.terminate()
        server.wait()
    total_w, total_c = time.perf_counter() - T0, time.process_time() - C0
    print(f"{pages} pages; process total {total_w:.2f} s wall, {total_c:.2f} s CPU: "
          f"{pages / total_w:.0f} pages/s (wall, start of process to end)")
    print(f"{'phase':<52} {'wall s':>8} {'CPU s':>8}")
    for name, w, c in PHASES:
        print(f"{name:<52} {w:8.2f} {c:8.2f}")
    rules_w = sum(w for _, w, _ in rule_times)
    rules_c = sum(c for _, _, c in rule_times)
    print(f"{'rules (all check() calls)':<52} {rules_w:8.2f} {rules_c:8.2f}")
    for rid, w, c in sorted(rule_times, key=lambda r: -r[1])[:12]:
        print(f"  {rid:<50} {w:8.2f} {c:8.2f}")
    if args.profile:
        grouped(args.profile)


if __name__ == "__main__":
    main()
