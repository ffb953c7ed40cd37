"""The disclosure-duty rules (issue 14) on the demo portal and on ../shared/real-pages.

    python3 benchmarks/duty_rules_eval.py [--pages 400] [--real ../shared/real-pages]

1. Audits the bundled demo portal (the real CLI, 127.0.0.1) and prints, per rule, the findings,
   true/false positives against the plan's planted defects, misses, precision and recall, and
   any control the rule wrongly reported.
2. Loads the hand-labelled real pages into a temporary store as one pseudo-run (each page
   analysed by the crawler's own extraction) and prints each duty rule's findings there. The
   14 pages come from five portals and are no site: the site-level rules (columns, catalog,
   entrances, units, annual report) are listed but say little on them.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from crawler.demo import DEMO_AS_OF, DemoServer, build_portal  # noqa: E402
from crawler.store import Store  # noqa: E402
from rules.pseudorun import load_pages  # noqa: E402
from rules.registry import all_rules  # noqa: E402

DUTY_RULES = ["interpretation.missing", "interpretation.late", "interpretation.column_missing", "doc.late",
              "doc.disclosure_missing", "catalog.missing", "catalog.domains", "catalog.elements",
              "catalog.item_no_column", "unit.page_missing", "site.entrances", "platform.columns",
              "report.annual_late"]


def demo(pages: int) -> None:
    portal = build_portal(pages=pages)
    with tempfile.TemporaryDirectory() as tmp, DemoServer(portal) as server:
        proc = subprocess.run([sys.executable, "-m", "audits.cli", "audit", server.url, "--out", tmp,
                               "--as-of", DEMO_AS_OF.isoformat(), "--quiet"], cwd=ROOT, capture_output=True, text=True)
        findings = json.loads((Path(tmp) / "findings.json").read_text(encoding="utf-8"))

        def match(f: dict, e: dict) -> bool:
            if f["rule"] != e["rule"] or f["url"] != server.absolute(e["url"]):
                return False
            if e.get("target") and f.get("target") and f["target"] != server.absolute(e["target"]):
                return False
            return not e.get("unit") or f["data"].get("unit") == e["unit"]

        print(f"demo portal, {pages} pages, exit {proc.returncode}, {len(findings)} findings")
        print(f"{'rule':31} {'found':>5} {'TP':>3} {'FP':>3} {'FN':>3} {'prec':>5} {'recall':>6} controls reported")
        for rule in DUTY_RULES:
            fs = [f for f in findings if f["rule"] == rule]
            exp = [e for e in portal.expected() if e["rule"] == rule]
            ctl = [c for c in portal.controls() if c["rule"] == rule]
            tp = [f for f in fs if any(match(f, e) for e in exp)]
            fn = [e for e in exp if not any(match(f, e) for f in fs)]
            hit = [c for c in ctl if any(match(f, c) for f in fs)]
            prec = f"{len(tp) / len(fs):.2f}" if fs else "—"
            rec = f"{(len(exp) - len(fn)) / len(exp):.2f}" if exp else "—"
            print(f"{rule:31} {len(fs):5} {len(tp):3} {len(fs) - len(tp):3} {len(fn):3} {prec:>5} {rec:>6} "
                  f"{len(hit)}/{len(ctl)}")


def real_pages(folder: Path) -> None:
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    pages = [(label["url"], (folder / "pages" / label["file"]).read_bytes()) for label in labels]
    with tempfile.TemporaryDirectory() as tmp, Store(Path(tmp) / "real.db") as store:
        ctx = load_pages(store, pages, as_of=date.today(), name="真实页面样本")
        print(f"\nreal pages ({len(labels)} pages from {folder}), one pseudo-run:")
        for cls in all_rules():
            if cls.id not in DUTY_RULES:
                continue
            found = list(cls().check(ctx))
            print(f"{cls.id:31} {len(found):3}")
            for f in found:
                print(f"    {f.url}  {f.message[:110]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--real", type=Path, default=ROOT / "../shared/real-pages")
    parser.add_argument("--skip-demo", action="store_true")
    args = parser.parse_args()
    if not args.skip_demo:
        demo(args.pages)
    if (args.real / "labels.json").exists():
        real_pages(args.real)
    else:
        print(f"\n{args.real} not found: real pages skipped")


if __name__ == "__main__":
    main()
