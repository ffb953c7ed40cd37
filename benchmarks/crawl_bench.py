"""Crawl benchmark: duwang against wget --spider and a plain Scrapy spider on the same portal.

    python3 benchmarks/crawl_bench.py                 # 20,000-page demo portal (several minutes)
    python3 benchmarks/crawl_bench.py --pages 5000    # quicker
    python3 benchmarks/crawl_bench.py --sizes 5000,10000,20000   # memory as the site grows

The demo portal is generated and served by a separate process pinned to one core; each
crawler is pinned to the other core (``taskset``), so "pages/s" is one core's worth of crawl +
extraction + storage. Politeness is turned off for all tools alike (no AutoThrottle, 16
connections, robots.txt not fetched): the benchmark measures the crawler, not the delay.

It prints, for each tool: pages, seconds, pages/s, CPU seconds and pages per CPU second (the
process tree's user + system time: on a loaded machine wall-clock time depends on the
neighbours), peak RSS (the crawler's process tree, sampled every 50 ms). The peers are told
to skip the demo's endless calendar (they have no trap protection) and are stopped after four
times duwang's crawl time. For duwang also the
re-inspection of the unchanged portal (bytes and time against the first crawl) and, when
``redis-server`` is installed, 1 and 2 workers of the distributed mode. Nothing here is
asserted: these are figures to quote and to compare.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
# The demo's endless calendar (/calendar?month=N links to N+1). duwang's trap guard stops it
# by itself; wget and a plain CrawlSpider would crawl it forever, so they are told to skip it.
TRAP = r"calendar\?month="
FAST = ["AUTOTHROTTLE_ENABLED=false", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "ROBOTSTXT_OBEY=false",
        "DUWANG_MAX_PAGES=1000000", "DUWANG_MAX_DEPTH=50", 'DUWANG_PROGRESS="off"',
        'LOG_LEVEL="WARNING"', "DUWANG_RETRY_BASE_DELAY=0.1"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pin(core: int) -> list[str]:
    return ["taskset", "-c", str(core)] if shutil.which("taskset") and os.cpu_count() > 1 else []


SERVER = """
import json, sys, threading, time
from crawler.demo import DemoServer, build_portal
pages, port, stats = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
server = DemoServer(build_portal(pages=pages), port=port).start()
print(len(list(server.portal.paths())), flush=True)
while True:
    with open(stats + ".tmp", "w") as f:
        json.dump({"bytes": server.bytes_sent, "hits": sum(server.hits.values())}, f)
    import os; os.replace(stats + ".tmp", stats)
    time.sleep(0.2)
"""


class Portal:
    """The demo portal in its own process, with its byte and hit counters in a file."""

    def __init__(self, pages: int, tmp: Path):
        self.port = free_port()
        self.stats_file = tmp / f"server-{pages}.json"
        self.proc = subprocess.Popen(pin(1) + [sys.executable, "-c", SERVER, str(pages), str(self.port),
                                               str(self.stats_file)],
                                     cwd=ROOT, stdout=subprocess.PIPE, text=True)
        self.paths = int(self.proc.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}/"

    def stats(self) -> dict:
        time.sleep(0.5)
        return json.loads(self.stats_file.read_text())

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


class Measured(NamedTuple):
    """One measured command: wall seconds, peak RSS of its process tree (bytes), its CPU seconds
    (user + system of every process of the tree that was waited for: on a shared machine the
    wall-clock time depends on the neighbours, the CPU time much less), and its result."""

    secs: float
    rss: int
    cpu: float
    result: subprocess.CompletedProcess


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(cmd: list[str], cwd: Path = ROOT, tree: Path = ROOT) -> Measured:
    """Run ``cmd`` (duwang from ``tree``) and measure it."""
    cpu_before = children_cpu()
    start = time.perf_counter()
    # Output goes to files: a pipe nobody reads until the end fills up and stalls the crawler.
    out_f, err_f = tempfile.TemporaryFile("w+"), tempfile.TemporaryFile("w+")
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out_f, stderr=err_f, text=True,
                            env={**os.environ, "PYTHONPATH": str(tree)})
    peak = 0
    ps = psutil.Process(proc.pid)
    while proc.poll() is None:
        try:
            tree = [ps] + ps.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    proc.wait()
    cpu = children_cpu() - cpu_before
    out_f.seek(0)
    err_f.seek(0)
    out, err = out_f.read(), err_f.read()
    return Measured(time.perf_counter() - start, peak, cpu, subprocess.CompletedProcess(cmd, proc.returncode, out, err))


def stored_pages(db: Path, run_id: int) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT count(*) FROM pages WHERE run_id = ?", [run_id]).fetchone()[0]
    finally:
        conn.close()


def duwang_cmd(url: str, db: Path, *extra: str) -> list[str]:
    cmd = [sys.executable, "-m", "crawler", url, "--store", str(db), "--as-of", "2026-11-20"]
    for s in FAST:
        cmd += ["--set", s]
    return cmd + list(extra)


def row(tool: str, pages: int, m: Measured, note: str = "") -> None:
    secs, rss, cpu = m.secs, m.rss, m.cpu
    print(f"{tool:<28} {pages:>7} {secs:>8.1f} {pages / secs if secs else 0:>8.0f} "
          f"{cpu:>8.1f} {pages / cpu if cpu else 0:>9.0f} {rss / 2**20:>9.0f}  {note}", flush=True)


def header(title: str) -> None:
    print(f"\n== {title}")
    print(f"{'tool':<28} {'pages':>7} {'seconds':>8} {'pages/s':>8} {'CPU s':>8} {'pages/CPUs':>9} "
          f"{'RSS MiB':>9}", flush=True)


def bench_size(pages: int, tmp: Path, *, peers: bool, recrawl: bool, redis_workers: bool) -> None:
    portal = Portal(pages, tmp)
    try:
        header(f"demo portal, {portal.paths} pages served ({portal.url})")
        db = tmp / f"duwang-{pages}.db"
        before = portal.stats()
        m = measure(pin(0) + duwang_cmd(portal.url, db))
        first = portal.stats()
        n = stored_pages(db, 1)
        row("duwang (crawl+extract+store)", n, m, "" if m.result.returncode == 0 else f"exit {m.result.returncode}")
        first_bytes, first_secs = first["bytes"] - before["bytes"], m.secs
        cap = max(60.0, 4 * m.secs)  # peers get four times duwang's time
        if recrawl:
            m = measure(pin(0) + duwang_cmd(portal.url, db))
            second = portal.stats()
            again_bytes = second["bytes"] - first["bytes"]
            row("duwang re-inspection", stored_pages(db, 2), m,
                f"bytes {again_bytes:,} = {again_bytes / first_bytes:.1%} of first crawl's {first_bytes:,}; "
                f"time {m.secs / first_secs:.0%} of first crawl")
        if peers:
            if shutil.which("wget"):
                wdir = tmp / "wget"
                wdir.mkdir(exist_ok=True)
                log = tmp / "wget.log"
                m = measure(pin(0) + ["timeout", str(int(cap)), "wget", "-r", "-l", "inf", "--spider",
                                                   "-nv", "-e", "robots=off", "--reject-regex", TRAP,
                                                   "-P", str(wdir), "-o", str(log), portal.url])
                n = sum(1 for line in log.read_text(errors="replace").splitlines() if "URL:" in line)
                row("wget -r --spider", n, m, "one connection, no extraction or storage"
                    + ("; stopped at the time cap" if m.result.returncode == 124 else ""))
            else:
                print("wget not installed: skipped")
            out = tmp / "plain.json"
            m = measure(pin(0) + [sys.executable, "-m", "scrapy", "runspider",
                                               str(ROOT / "benchmarks" / "plain_spider.py"),
                                               "-a", f"url={portal.url}", "-a", f"out={out}",
                                               "-a", f"deny={TRAP}", "-s", f"CLOSESPIDER_TIMEOUT={int(cap)}"],
                                     cwd=tmp)  # outside the project: no scrapy.cfg, Scrapy's defaults
            n = json.loads(out.read_text())["pages"] if out.exists() else 0
            row("plain Scrapy CrawlSpider", n, m, "follows links, stores nothing")
        if redis_workers:
            bench_workers(portal, tmp, pages)
    finally:
        portal.close()


class ListingSite:
    """benchmarks/listing_site.py in its own process: every page is a listing."""

    def __init__(self, pages: int):
        self.port = free_port()
        self.proc = subprocess.Popen(pin(1) + [sys.executable, str(ROOT / "benchmarks" / "listing_site.py"),
                                               str(pages), str(self.port)],
                                     cwd=ROOT, stdout=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONPATH": str(ROOT)})
        self.paths = int(self.proc.stdout.readline())
        self.url = f"http://127.0.0.1:{self.port}/"

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait()


def whole_audit(url: str, out: Path, tree: Path) -> tuple[Measured, dict]:
    m = measure(pin(0) + [sys.executable, str(ROOT / "benchmarks" / "whole_audit.py"), url, str(out)],
                             tree=tree)
    try:
        info = json.loads(m.result.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        info = {"pages": 0, "error": m.result.stderr[-300:]}
    return m, info


def wget_spider(url: str, tmp: Path, cap: float) -> None:
    if not shutil.which("wget"):
        print("wget not installed: skipped")
        return
    wdir = tmp / "wget"
    shutil.rmtree(wdir, ignore_errors=True)
    wdir.mkdir()
    log = tmp / "wget.log"
    m = measure(pin(0) + ["timeout", str(int(cap)), "wget", "-r", "-l", "inf", "--spider", "-nv",
                                       "-e", "robots=off", "--reject-regex", TRAP, "-P", str(wdir),
                                       "-o", str(log), url])
    n = sum(1 for line in log.read_text(errors="replace").splitlines() if "URL:" in line)
    row("wget -r --spider", n, m, "one connection, no extraction or storage"
        + ("; stopped at the time cap" if m.result.returncode == 124 else ""))


def bench_whole(pages: int, tmp: Path, trees: list[Path], reinspections: int,
                shapes: tuple[str, ...] = ("demo", "listing")) -> None:
    """The whole job (crawl + extraction + storage + rules + reports) on both site shapes, beside wget;
    then audit.db after the first audit and after each re-inspection of the unchanged portal."""
    label = {t: ("after" if t == ROOT else "before") for t in trees}
    growth = {}
    if "demo" in shapes:
        growth = bench_whole_demo(pages, tmp, trees, reinspections, label)
    if "listing" in shapes:
        bench_whole_listing(pages, tmp, trees, label)
    if reinspections and growth:
        print("\n== audit.db (bytes, no VACUUM) after the first audit and each re-inspection of the unchanged portal")
        for tree, (n, sizes, text) in growth.items():
            print(f"{label[tree]} ({tree}):")
            steps = ", ".join(f"{b:,}" for b in sizes)
            print(f"  {steps}; re-inspections added {(sizes[-1] - sizes[0]) / sizes[0]:+.1%}; "
                  f"first audit {sizes[0] / max(n, 1) / 1024:.1f} KiB/page, "
                  f"{(sizes[0] - text) / max(n, 1) / 1024:.1f} KiB/page beyond its text", flush=True)


def bench_whole_demo(pages: int, tmp: Path, trees: list[Path], reinspections: int, label: dict) -> dict:
    portal = Portal(pages, tmp)
    try:
        header(f"whole audit, demo portal ({portal.paths} pages served)")
        growth = {}
        for tree in trees:
            out = tmp / f"whole-demo-{len(growth)}"
            m, info = whole_audit(portal.url, out, tree)
            row(f"duwang audit ({label[tree]})"[:28], info.get("pages", 0), m, info.get("error", ""))
            sizes = [db_size(out / "audit.db")]
            # The previous code copies every page again on each re-inspection: one shows it.
            for _ in range(reinspections if tree == ROOT else min(reinspections, 1)):
                whole_audit(portal.url, out, tree)
                sizes.append(db_size(out / "audit.db"))
            growth[tree] = (info.get("pages", 0), sizes, text_bytes(out / "audit.db"))
        wget_spider(portal.url, tmp, 600)
    finally:
        portal.close()
    return growth


def bench_whole_listing(pages: int, tmp: Path, trees: list[Path], label: dict) -> None:
    site = ListingSite(pages)
    try:
        header(f"whole audit, every page a listing ({site.paths} pages served)")
        for i, tree in enumerate(trees):
            m, info = whole_audit(site.url, tmp / f"whole-listing-{i}", tree)
            row(f"duwang audit ({label[tree]})"[:28], info.get("pages", 0), m, info.get("error", ""))
        wget_spider(site.url, tmp, 600)
        scrapy_floor(site.url, pages, tmp)
        for i, tree in enumerate(trees):  # the crawl alone (no rules, no reports), beside the floor
            db = tmp / f"crawl-listing-{i}.db"
            # cwd too: ``python -m`` puts the working directory before PYTHONPATH
            m = measure(pin(0) + duwang_cmd(site.url, db), cwd=tree, tree=tree)
            row(f"duwang crawl ({label[tree]})"[:28], stored_pages(db, 1) if db.exists() else 0, m,
                "crawl + extraction + store only" + ("" if m.result.returncode == 0
                                                      else f"; exit {m.result.returncode}"))
    finally:
        site.close()


FLOORS = (  # benchmarks/scrapy_floor.py variants, then the bound below Scrapy (benchmarks/aiohttp_floor.py)
    ("twisted", "Scrapy floor (twisted)", "bare spider, Scrapy's default middlewares and extensions"),
    ("aiohttp", "Scrapy floor (aiohttp)", "the same with duwang's HTTP handler"),
    ("trimmed", "Scrapy floor, trimmed", "every optional middleware/extension/stat off, asyncio reactor"),
    ("reactorless", "Scrapy floor, trimmed, no Twisted", "the same, TWISTED_REACTOR_ENABLED=False"),
    ("bare", "aiohttp alone (no Scrapy)", "asyncio + aiohttp, 16 connections, parses nothing"),
)


def scrapy_floor(url: str, pages: int, tmp: Path) -> None:
    """Scrapy's floor (benchmarks/scrapy_floor.py): a spider that parses nothing and computes the next
    URLs from the page number, so its CPU per page is what Scrapy alone costs on this machine; with
    Scrapy's defaults, trimmed to the bone, and below it aiohttp alone (benchmarks/aiohttp_floor.py).
    Each row's note gives CPU ms/page twice: the crawl only (first request to last response, start-up
    excluded) and the whole process (interpreter start, imports and shutdown included)."""
    from aiohttp_floor import run_bound
    from scrapy_floor import run_floor

    for variant, tool, note in FLOORS:
        floor = (run_bound(url, pages, tmp, measure, pin) if variant == "bare"
                 else run_floor(url, pages, tmp, measure, pin, variant))
        per_page, n = floor.get("ms_per_page"), floor.get("pages", 0)
        whole = 1000 * floor["tree_cpu"] / n if n else 0.0
        row(tool[:28], n, floor["measured"],
            f"{note}; {per_page:.2f} CPU ms/page crawl only, {whole:.2f} with start-up"
            if per_page else floor.get("error", ""))


def db_size(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return db.stat().st_size


def text_bytes(db: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db)
    try:  # the first run's page text (UTF-8 bytes)
        return conn.execute("SELECT COALESCE(sum(length(CAST(text AS BLOB))), 0) FROM pages "
                            "WHERE run_id = 1").fetchone()[0]
    finally:
        conn.close()


def bench_workers(portal: Portal, tmp: Path, pages: int) -> None:
    exe = shutil.which("redis-server")
    if not exe:
        print("redis-server not installed: distributed mode skipped")
        return
    port = free_port()
    redis = subprocess.Popen([exe, "--port", str(port), "--save", "", "--appendonly", "no"],
                             stdout=subprocess.DEVNULL)
    time.sleep(0.5)
    try:
        for workers in (1, 2):
            db = tmp / f"shared-{pages}-{workers}.db"
            m = measure(duwang_cmd(portal.url, db, "--redis", f"redis://127.0.0.1:{port}/0",
                                                "--workers", str(workers)))
            row(f"duwang, redis, {workers} worker(s)", stored_pages(db, 1), m,
                "coordinator + workers, not pinned"
                + ("" if m.result.returncode == 0 else f"; exit {m.result.returncode}"))
    finally:
        redis.terminate()
        redis.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--sizes", help="comma-separated sizes: duwang only, to see memory as the site grows")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--no-redis", action="store_true")
    parser.add_argument("--whole", action="store_true",
                        help="only the whole-audit figures (both site shapes, wget) and audit.db growth")
    parser.add_argument("--reinspections", type=int, default=3, help="with --whole: re-inspections for the growth")
    parser.add_argument("--compare", metavar="TREE", help="with --whole: also run duwang from this checkout "
                                                          "(e.g. a `git worktree` of the previous code)")
    parser.add_argument("--fit", metavar="SIZES", help="comma-separated listing-site sizes: whole audits at each, "
                                                      "fixed + per-page CPU fitted (benchmarks/whole_fit.py)")
    parser.add_argument("--shapes", default="demo,listing",
                        help="with --whole: the site shapes, comma-separated (demo, listing)")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB; "
          f"python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory(prefix="duwang-bench-") as d:
        tmp = Path(d)
        if args.fit:
            from whole_fit import bench_fit

            trees = [Path(args.compare).resolve(), ROOT] if args.compare else [ROOT]
            label = {t: ("after" if t == ROOT else "before") for t in trees}
            bench_fit([int(x) for x in args.fit.split(",")], tmp, trees, label, ROOT)
        elif args.whole:
            trees = [Path(args.compare).resolve(), ROOT] if args.compare else [ROOT]
            shapes = tuple(x.strip() for x in args.shapes.split(",") if x.strip())
            unknown = set(shapes) - {"demo", "listing"}
            if unknown or not shapes:
                parser.error(f"--shapes: demo and/or listing, not {', '.join(sorted(unknown)) or 'nothing'}")
            bench_whole(args.pages, tmp, trees, args.reinspections, shapes)
        elif args.sizes:
            for size in [int(s) for s in args.sizes.split(",")]:
                bench_size(size, tmp, peers=False, recrawl=False, redis_workers=False)
        else:
            bench_size(args.pages, tmp, peers=not args.no_peers, recrawl=True, redis_workers=not args.no_redis)


if __name__ == "__main__":
    main()
