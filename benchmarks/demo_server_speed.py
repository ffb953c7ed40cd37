"""Requests per second the demo portal sustains on loopback (keep-alive, several clients).

    python benchmarks/demo_server_speed.py [--pages 20000] [--clients 4] [--seconds 5]

Each client thread keeps one HTTP/1.1 connection open and cycles through a sample of the
portal's pages (articles, listing pages, nav pages), reading every body completely.
"""

from __future__ import annotations

import argparse
import http.client
import random
import threading
import time
from urllib.parse import urlsplit

from crawler.demo import DemoServer, build_portal


def client(host: str, port: int, paths: list[str], stop_at: float, counts: list[int], idx: int) -> None:
    conn = http.client.HTTPConnection(host, port, timeout=10)
    n = 0
    while time.perf_counter() < stop_at:
        conn.request("GET", paths[n % len(paths)])
        resp = conn.getresponse()
        resp.read()
        if resp.status != 200:
            raise RuntimeError(f"{paths[n % len(paths)]}: {resp.status}")
        n += 1
    conn.close()
    counts[idx] = n


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    started = time.perf_counter()
    portal = build_portal(pages=args.pages)
    print(f"build_portal(pages={args.pages}): {time.perf_counter() - started:.2f} s, "
          f"page_count={portal.page_count()}")
    html = [p for p in portal.paths() if p.endswith((".html", ".shtml", ".htm")) and "tjnj" not in p
            and "tjgb" not in p]
    paths = random.Random(3).sample(html, min(2000, len(html)))
    with DemoServer(portal) as server:
        parts = urlsplit(server.url)
        counts = [0] * args.clients
        stop_at = time.perf_counter() + args.seconds
        threads = [threading.Thread(target=client, args=(parts.hostname, parts.port, paths, stop_at, counts, i))
                   for i in range(args.clients)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        total = sum(counts)
        print(f"{total} requests in {elapsed:.2f} s with {args.clients} keep-alive clients: "
              f"{total / elapsed:,.0f} req/s, {server.bytes_sent / elapsed / 1e6:.1f} MB/s")


if __name__ == "__main__":
    main()
