"""Peak memory (RSS) of one whole audit, phase by phase, with politeness off.

    python3 benchmarks/memory_phases.py URL OUT_DIR          # one audit; prints a JSON line
    python3 benchmarks/memory_phases.py --sizes 5000,10000,20000 --shape demo|listing [--tree DIR]

The first form audits URL into OUT_DIR in this process while a thread samples the resident set
every 20 ms (with its children: the crawl runs in a forked child), and prints
``{"seconds", "pages", "peaks_MiB": {phase: MiB}, "maxrss_MiB"}``. The
phases are ``crawl``, ``attachments`` (reading attachment texts), ``rules`` and ``reports``;
``start`` is the time before the crawl and ``between`` the work between the named phases
(the lock, the verdict, the diff).

The second form serves the site itself (the demo portal, or ``listing_site.py`` where every page
is a listing) at each size in turn, audits it in a fresh process (``--tree``: the source tree
to audit with, e.g. an older checkout, default this one) and prints a table of the peaks, so
that "flat as the site grows" is a figure. One audit runs at a time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
FAST = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": False,
        "DUWANG_MAX_PAGES": 1000000, "DUWANG_MAX_DEPTH": 50, "DUWANG_PROGRESS": "off",
        "LOG_LEVEL": "WARNING", "DUWANG_RETRY_BASE_DELAY": 0.1}
PHASES = ("crawl", "attachments", "rules", "reports")


def rss_mib() -> float:
    """Resident set of this process and its children (the crawl runs in a forked child; pages
    the two still share are counted twice, so the figure errs high)."""
    me = psutil.Process()
    total = 0
    for p in [me, *me.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


class PhaseSampler:
    """The peak resident set of this process while each named phase runs."""

    def __init__(self, interval: float = 0.02):
        self.phase = "start"
        self.peaks: dict[str, float] = {}
        self.interval = interval
        threading.Thread(target=self._run, daemon=True).start()

    def _run(self) -> None:
        while True:
            self.sample()
            time.sleep(self.interval)

    def sample(self) -> None:
        phase, now = self.phase, rss_mib()
        self.peaks[phase] = max(self.peaks.get(phase, 0.0), now)

    def wrap(self, module, name: str, label: str) -> None:
        """Label the time inside ``module.name`` (looked up when called) as ``label``."""
        inner = getattr(module, name)

        def labelled(*args, **kwargs):
            self.sample()
            self.phase = label
            try:
                return inner(*args, **kwargs)
            finally:
                self.sample()
                self.phase = "between"

        setattr(module, name, labelled)


def audit_once(url: str, out: Path) -> dict:
    import audits.audit as audit
    import crawler.runner as runner
    import reports
    from audits.config import SiteSpec
    from crawler.store import Store

    sampler = PhaseSampler()
    sampler.wrap(runner, "crawl_sites", "crawl")
    sampler.wrap(audit, "read_for_site", "attachments")
    sampler.wrap(audit, "run_rules", "rules")
    sampler.wrap(reports, "write_reports", "reports")
    start = time.perf_counter()
    result = audit.run_audit([SiteSpec(name="基准县", url=url)], out, as_of=date(2026, 11, 20),
                             scrapy_settings=FAST)
    seconds = time.perf_counter() - start
    sampler.phase = "end"
    sampler.sample()
    with Store(out / "audit.db") as store:
        pages = next(store.query("SELECT count(*) AS n FROM pages WHERE run_id = ?",
                                 [result.sites[0].run_id]))["n"]
    return {"seconds": round(seconds, 1), "pages": pages,
            "findings": len(result.sites[0].outcome.findings) if result.sites[0].outcome else None,
            "peaks_MiB": {k: round(v) for k, v in sampler.peaks.items()},
            "maxrss_MiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


DEMO_SERVER = """
import sys, time
from crawler.demo import DemoServer, build_portal
DemoServer(build_portal(pages=int(sys.argv[1])), port=int(sys.argv[2])).start()
print("ready", flush=True)
while True:
    time.sleep(3600)
"""


def serve(shape: str, pages: int, port: int) -> subprocess.Popen:
    if shape == "demo":
        cmd = [sys.executable, "-c", DEMO_SERVER, str(pages), str(port)]
    else:
        cmd = [sys.executable, str(ROOT / "benchmarks" / "listing_site.py"), str(pages), str(port)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    proc.stdout.readline()  # both print a line once they listen
    return proc


def measure(shape: str, pages: int, tree: Path) -> dict:
    port = free_port()
    server = serve(shape, pages, port)
    try:
        with tempfile.TemporaryDirectory(prefix="duwang-mem-") as tmp:
            done = subprocess.run([sys.executable, str(Path(__file__).resolve()), f"http://127.0.0.1:{port}/",
                                   str(Path(tmp) / "out")], cwd=tree, capture_output=True, text=True,
                                  env={**os.environ, "PYTHONPATH": str(tree)})
            if done.returncode != 0:
                raise SystemExit(f"audit of the {shape} site ({pages} pages) failed:\n{done.stderr[-3000:]}")
            return json.loads(done.stdout.strip().splitlines()[-1])
    finally:
        server.terminate()
        server.wait()


def table(shape: str, rows: list[tuple[int, dict]]) -> str:
    head = f"| {shape} pages | stored | " + " | ".join(PHASES) + " | peak | ru_maxrss | seconds |"
    lines = [head, "|" + "---|" * (len(PHASES) + 5)]
    for size, r in rows:
        peaks = r["peaks_MiB"]
        cells = [str(peaks.get(p, "–")) for p in PHASES]
        lines.append(f"| {size} | {r['pages']} | " + " | ".join(cells)
                     + f" | {max(peaks.values())} | {r['maxrss_MiB']} | {r['seconds']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url", nargs="?")
    parser.add_argument("out", nargs="?", type=Path)
    parser.add_argument("--sizes", help="comma-separated page counts, e.g. 5000,10000,20000")
    parser.add_argument("--shape", choices=("demo", "listing"), default="demo")
    parser.add_argument("--tree", type=Path, default=ROOT, help="source tree to audit with")
    args = parser.parse_args(argv)
    if args.sizes:
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            rows.append((size, measure(args.shape, size, args.tree.resolve())))
            print(json.dumps({"shape": args.shape, "size": size, **rows[-1][1]}), file=sys.stderr, flush=True)
        print(table(args.shape, rows))
    elif args.url and args.out:
        print(json.dumps(audit_once(args.url, args.out)))
    else:
        parser.error("give URL OUT_DIR, or --sizes")


if __name__ == "__main__":  # the attachment reader's spawned worker imports this module again
    main()
