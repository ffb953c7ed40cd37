"""One whole audit (crawl, extraction, storage, rules, reports) with politeness off, as the
benchmark runs it: ``python3 benchmarks/whole_audit.py URL OUT_DIR``; prints a JSON line."""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

from audits.audit import run_audit
from audits.config import SiteSpec

FAST = {"AUTOTHROTTLE_ENABLED": False, "CONCURRENT_REQUESTS_PER_DOMAIN": 16, "ROBOTSTXT_OBEY": False,
        "DUWANG_MAX_PAGES": 1000000, "DUWANG_MAX_DEPTH": 50, "DUWANG_PROGRESS": "off",
        "LOG_LEVEL": "WARNING", "DUWANG_RETRY_BASE_DELAY": 0.1}

if __name__ == "__main__":
    url, out = sys.argv[1], Path(sys.argv[2])
    start = time.perf_counter()
    result = run_audit([SiteSpec(name="基准县", url=url)], out, as_of=date(2026, 11, 20), scrapy_settings=FAST)
    from crawler.store import Store

    with Store(out / "audit.db") as store:
        run_id = result.sites[0].run_id
        pages = next(store.query("SELECT count(*) AS n FROM pages WHERE run_id = ?", [run_id]))["n"]
    print(json.dumps({"pages": pages, "seconds": time.perf_counter() - start, "status": result.sites[0].status,
                      "findings": len(result.sites[0].outcome.findings) if result.sites[0].outcome else None}))
