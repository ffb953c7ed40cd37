"""Crawl only (no rules, no reports): ``python -m crawler --store audit.db URL [URL ...]``.

Useful for debugging extraction and for tests that check what the crawler stored.
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from urllib.parse import urlsplit

from .runner import crawl_sites
from .store import Store


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m crawler", description=__doc__)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--store", required=True, help="SQLite audit store to write")
    parser.add_argument("--as-of", default=date.today().isoformat())
    parser.add_argument("--set", action="append", default=[], metavar="NAME=JSON",
                        help="Scrapy/duwang setting, value as JSON (e.g. DUWANG_MAX_PAGES=50)")
    parser.add_argument("--no-resume", action="store_true")
    parser.add_argument("--redis", help="distributed mode: shared frontier in this Redis")
    parser.add_argument("--workers", type=int, default=1, help="with --redis: local worker processes")
    args = parser.parse_args(argv)
    settings = {}
    for item in args.set:
        name, _, value = item.partition("=")
        try:
            settings[name] = json.loads(value)
        except json.JSONDecodeError:
            settings[name] = value
    sites = [{"name": urlsplit(u).netloc, "start_url": u, "host": urlsplit(u).netloc, "hosts": []}
             for u in args.urls]
    if args.redis:
        from .distributed.coordinator import crawl_sites_shared

        runs = crawl_sites_shared(args.store, sites, as_of=args.as_of, settings=settings,
                                  resume=not args.no_resume, redis_url=args.redis, workers=args.workers)
    else:
        runs = crawl_sites(args.store, sites, as_of=args.as_of, settings=settings, resume=not args.no_resume)
    with Store(args.store) as store:
        for run in runs:
            if run.status == "finished":  # crawl-only: no rules to wait for
                store.finish_run(run.run_id)
    for run in runs:
        if run.status != "finished" and run.reason:
            print(f"运行 {run.run_id} 未完成: {run.reason}", file=sys.stderr)
        print(json.dumps({"site_id": run.site_id, "run_id": run.run_id, "status": run.status,
                          "resumed": run.resumed}))
    return 0 if all(r.status == "finished" for r in runs) else 130


if __name__ == "__main__":
    raise SystemExit(main())
