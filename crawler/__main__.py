"""``python -m crawler --store audit.db URL [URL ...]``: an alias of ``duwang crawl`` (same function).

Crawl only (no rules, no reports); prints one JSON line per run. Exit 0 when every run finished,
130 when interrupted (run the same command again to resume).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date

from .crawl import crawl_only, exit_code, parse_settings
from .runs import RunStatus


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
    runs = crawl_only(args.store, args.urls, as_of=args.as_of, settings=parse_settings(args.set),
                      resume=not args.no_resume, redis_url=args.redis, workers=args.workers)
    for run in runs:
        if run.status != RunStatus.FINISHED and run.reason:
            print(f"运行 {run.run_id} 未完成: {run.reason}", file=sys.stderr)
        print(run.to_json())
    return exit_code(runs)


if __name__ == "__main__":
    raise SystemExit(main())
