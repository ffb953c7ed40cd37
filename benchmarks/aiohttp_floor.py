"""The bound below Scrapy: the listing-site crawl of ``benchmarks/scrapy_floor.py`` from aiohttp alone.

    python3 benchmarks/aiohttp_floor.py --pages 2000        # serves the listing site itself, prints a JSON line
    python3 benchmarks/aiohttp_floor.py URL PAGES OUT.json  # against a running listing site

A plain asyncio event loop, one ``aiohttp.ClientSession`` with 16 keep-alive connections to the site
(``TCPConnector(limit_per_host=16)``, Scrapy's ``CONCURRENT_REQUESTS_PER_DOMAIN`` in the benchmark)
and 16 worker tasks on one FIFO queue. Each GET reads the whole body and, like the floor spider,
computes the next URLs from the page number: nothing is parsed, stored or de-duplicated. Whatever a
Scrapy crawl costs above this figure is Scrapy's (engine, scheduler, downloader slots, Request and
Response objects, its handler's glue); this is what Python's HTTP client alone costs a page here.
``crawl_cpu`` is CPU seconds from the first request to the last response (start-up excluded),
``cpu`` the whole process's (interpreter start and imports included).
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time

ROWS = 20  # as benchmarks/listing_site.py
CONNECTIONS = 16


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def crawl(base: str, pages: int) -> dict:
    import aiohttp

    queue: asyncio.Queue[int | None] = asyncio.Queue()
    seen = 0
    pending = 1  # pages queued or being fetched
    done = asyncio.Event()
    last = [0.0, 0.0]

    async def worker(session: aiohttp.ClientSession) -> None:
        nonlocal seen, pending
        while (i := await queue.get()) is not None:
            async with session.get(f"{base}/l/{i}/index.html") as response:
                await response.read()
            seen += 1
            last[:] = cpu_seconds(), time.perf_counter()
            for j in range(ROWS * i + 1, min(ROWS * i + ROWS, pages - 1) + 1):
                queue.put_nowait(j)
                pending += 1
            pending -= 1
            if not pending:
                done.set()

    connector = aiohttp.TCPConnector(limit=64, limit_per_host=CONNECTIONS)
    async with aiohttp.ClientSession(connector=connector) as session:
        first_cpu, first_wall = cpu_seconds(), time.perf_counter()
        queue.put_nowait(0)
        workers = [asyncio.create_task(worker(session)) for _ in range(CONNECTIONS)]
        await done.wait()
        for _ in workers:
            queue.put_nowait(None)
        await asyncio.gather(*workers)
    crawl_cpu = last[0] - first_cpu
    return {"pages": seen, "cpu": cpu_seconds(), "crawl_cpu": crawl_cpu, "crawl_seconds": last[1] - first_wall,
            "ms_per_page": 1000 * crawl_cpu / seen if seen else None}


def run_bound(url: str, pages: int, tmp, measure, pin) -> dict:
    """Run this bound pinned to core 0 in its own process; its JSON and the process tree's figures."""
    from pathlib import Path

    out = Path(tmp) / "floor-aiohttp-bare.json"
    m = measure(pin(0) + [sys.executable, str(Path(__file__).resolve()), url, str(pages), str(out)], cwd=Path(tmp))
    info = json.loads(out.read_text()) if out.exists() else {"pages": 0, "error": m.result.stderr[-300:]}
    return {**info, "tree_cpu": m.cpu, "seconds": m.secs, "rss": m.rss, "measured": m}


def main() -> None:
    if len(sys.argv) == 4 and not sys.argv[1].startswith("-"):
        url, pages, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
        result = asyncio.run(crawl(url.rstrip("/"), pages))
        with open(out, "w") as f:
            json.dump(result, f)
        return
    import argparse
    import tempfile
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from crawl_bench import ListingSite, measure, pin

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=2000)
    args = parser.parse_args()
    site = ListingSite(args.pages)
    try:
        with tempfile.TemporaryDirectory(prefix="duwang-floor-") as d:
            m = run_bound(site.url, args.pages, Path(d), measure, pin)
            m.pop("measured")
            print(json.dumps(m))
    finally:
        site.close()


if __name__ == "__main__":
    main()
