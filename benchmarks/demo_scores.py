"""Per-rule precision and recall of a full audit on every demo portal: the original demo and
each variant of ``crawler.demo.variants``.

    PYTHONPATH=$PWD python3 benchmarks/demo_scores.py [--demo NAME ...] [--show-errors]

Each demo is served on 127.0.0.1 (ephemeral ports), audited through the real command line
as of the demo date, and every scored rule's findings are matched against the demo's
manifest (``crawler.demo.score``). Prints one line per (demo, rule); with ``--show-errors``
also each missed planted defect and each false finding. Exits 1 when a rule is below
precision 0.95 or recall 0.90 on some demo.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo import DEMO_AS_OF, DemoServer, build_portal  # noqa: E402
from crawler.demo.score import columns_score, columns_table, score, table  # noqa: E402
from crawler.demo.variants import VARIANTS, build_variant  # noqa: E402

DEMOS = ("original", *VARIANTS)


def stored_columns(out: Path) -> list[dict]:
    con = sqlite3.connect(out / "audit.db")
    con.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in con.execute("SELECT * FROM columns WHERE run_id = (SELECT MAX(run_id) FROM columns)")]
    finally:
        con.close()


def audit(portal, out: Path) -> tuple[list[dict], DemoServer, float, int]:
    with DemoServer(portal) as server:
        start = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "audits.cli", "audit", server.url, "--out", str(out),
             "--as-of", DEMO_AS_OF.isoformat(), "--quiet"],
            cwd=ROOT, capture_output=True, text=True, timeout=900)
        seconds = time.monotonic() - start
        path = out / "findings.json"
        if not path.exists():
            raise SystemExit(f"audit failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
        return json.loads(path.read_text(encoding="utf-8")), server, seconds, proc.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", action="append", choices=DEMOS, help="only these demos (repeatable)")
    parser.add_argument("--show-errors", action="store_true", help="list missed and false findings")
    parser.add_argument("--keep", metavar="DIR", help="keep each audit's output in DIR/<demo> (audit.db, reports)")
    args = parser.parse_args(argv)
    rows, columns = {}, {}
    for name in args.demo or DEMOS:
        portal = build_portal(pages=400) if name == "original" else build_variant(name)
        with tempfile.TemporaryDirectory(prefix=f"demo-scores-{name}-") as tmp:
            out = Path(args.keep) / name if args.keep else Path(tmp)
            out.mkdir(parents=True, exist_ok=True)
            findings, server, seconds, code = audit(portal, out)
            rows[name] = score(findings, portal.expected(), portal.controls(), server.absolute)
            planted = [c for c in portal.plan.columns.values() if c.cms not in ("jsonlist", "nav")]
            columns[name] = columns_score(planted, stored_columns(out), server.absolute)
        print(f"# {name}: {portal.page_count()} pages, {len(portal.expected())} planted, "
              f"{len(findings)} findings, audit {seconds:.1f} s, exit {code}", flush=True)
        if args.show_errors:
            for rule, s in rows[name].items():
                for e in s.missed:
                    print(f"  missed {rule}: {e['url']} {e['target']} — {e['note']}")
                for f in s.false:
                    print(f"  false  {rule}: {f['url']} {f.get('target') or ''} — {f['message'][:90]}")
            for line in columns[name].wrong:
                print(f"  column {line}")
    print(table(rows))
    print("\ncolumns as stored (planted columns; dup = a second address stored, pager = page 2…N stored as a column)")
    print(columns_table(columns))
    return 0 if all(s.passed for scores in rows.values() for s in scores.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
