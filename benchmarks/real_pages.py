"""Extraction accuracy on hand-labelled real portal pages (``../shared/real-pages``).

    python3 benchmarks/real_pages.py [--verbose] [--pages DIR]

Each page is decoded with the project's decoder, analysed with ``analyse_page(label url, html)``
and compared field by field with ``labels.json`` (a person's reading of the page). Prints a
per-field accuracy table and the overall accuracy; ``--verbose`` adds every mismatch.
Exit code 2 when the folder is missing. The pages are read in place, never copied.

Fields compared (a field is scored on a page only where the label applies to it):

- ``kind`` (every page; ``kind_alt`` also accepted), ``title``, ``breadcrumb`` (every page)
- ``column_name`` (pages whose label names a column)
- ``item_count``, ``total_pages``, ``newest_date`` (listings)
- ``publish_date``, ``doc_number`` (the page's own 文号, from the block or the body),
  ``doc_number_in_body`` (articles)
- ``meta:<label>`` for each label of the 政府信息公开 block, compared with the value read for
  that label (``PageAnalysis.fields``) and, for the labels with a metadata key, the normalised
  value in ``PageAnalysis.metadata`` (dates as ISO, an empty or "无" 文号 absent)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from crawler.extract import analyse_page, decode_body  # noqa: E402
from crawler.extract.dates import parse_date  # noqa: E402
from crawler.extract.metadata import LABELS  # noqa: E402

DEFAULT_DIR = ROOT / ".." / "shared" / "real-pages"
NONE_VALUES = {"无", "暂无", "-", "—", "/", "／", "空"}  # a 文号 shown as one of these: none
TARGET_OVERALL = 0.95
TARGET_FIELD = 0.90


def _norm(value):
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, list):
        return [_norm(v) for v in value]
    return value


def total_pages(listing) -> int | None:
    """Pages of the listing as its pager implies (1 = no pager)."""
    if listing is None:
        return None
    if getattr(listing, "total_pages", None):
        return listing.total_pages
    return 1 + len(listing.page_urls)


def _newest(listing) -> str | None:
    if listing is None:
        return None
    dates = [it.date for it in listing.items if it.date]
    return max(dates) if dates else None


def _own_number(md: dict) -> str | None:
    number = md.get("doc_number")
    if number and number.strip() in NONE_VALUES:
        number = None
    return number or md.get("doc_number_in_text") or None


def _label_number(label: dict) -> str | None:
    for key in ("发文字号", "文号"):
        value = (label.get("metadata") or {}).get(key)
        if value and value.strip() not in NONE_VALUES:
            return value.strip()
    return label.get("doc_number_in_body")


def compare(label: dict, analysis) -> list[tuple[str, object, object]]:
    """(field, expected, got) for every field scored on this page."""
    out: list[tuple[str, object, object]] = []
    kinds = [label["kind"]] + list(label.get("kind_alt") or [])
    out.append(("kind", kinds, analysis.kind))
    out.append(("title", _norm(label["title"]), _norm(analysis.title)))
    out.append(("breadcrumb", _norm(label.get("breadcrumb") or []), _norm(analysis.breadcrumb)))
    if label.get("column_name"):
        out.append(("column_name", _norm(label["column_name"]), _norm(analysis.column_name)))
    listing = analysis.listing
    if label["kind"] == "listing":
        out.append(("item_count", label["item_count"], len(listing.items) if listing else None))
        out.append(("total_pages", label["total_pages"], total_pages(listing)))
        out.append(("newest_date", label["newest_date"], _newest(listing)))
    if label["kind"] == "article":
        out.append(("publish_date", label.get("publish_date"), analysis.published))
        out.append(("doc_number", _label_number(label), _own_number(analysis.metadata)))
        out.append(("doc_number_in_body", label.get("doc_number_in_body"),
                    analysis.metadata.get("doc_number_in_text")))
    for name, value in (label.get("metadata") or {}).items():
        got = analysis.fields.get(name)
        expected = _norm(value)
        key = LABELS.get(name)
        if key is not None:
            md = analysis.metadata.get(key)
            if key in ("written_date", "publish_date"):
                want_md = parse_date(value)
            elif key == "doc_number":
                want_md = value.strip() or None
            else:
                want_md = expected or None
            if md != want_md:
                got = f"{_norm(got)!r} / metadata[{key}]={md!r}"
                expected = f"{expected!r} / metadata[{key}]={want_md!r}"
                out.append((f"meta:{name}", expected, got))
                continue
        out.append((f"meta:{name}", expected, _norm(got)))
    return out


def _ok(field: str, expected, got) -> bool:
    if field == "kind":
        return got in expected
    return expected == got


def run(pages_dir: Path) -> tuple[dict, list]:
    labels = json.loads((pages_dir / "labels.json").read_text(encoding="utf-8"))
    scores: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for label in labels:
        raw = (pages_dir / "pages" / label["file"]).read_bytes()
        text, _ = decode_body(raw, "text/html")
        analysis = analyse_page(label["url"], text)
        for field, expected, got in compare(label, analysis):
            ok = _ok(field, expected, got)
            group = "metadata" if field.startswith("meta:") else field
            for key in {field, group}:
                scores[key][1] += 1
                scores[key][0] += ok
            if not ok:
                misses.append((label["file"], field, expected, got))
    return dict(scores), misses


def overall(scores: dict) -> float:
    fields = [k for k in scores if not k.startswith("meta:")]
    right = sum(scores[k][0] for k in fields)
    total = sum(scores[k][1] for k in fields)
    return right / total if total else 0.0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="print every mismatch")
    ap.add_argument("--pages", type=Path, default=DEFAULT_DIR, help="folder with labels.json and pages/")
    args = ap.parse_args(argv)
    if not (args.pages / "labels.json").is_file():
        print(f"real pages not found: {args.pages.resolve()} has no labels.json "
              f"(expected the shared folder next to the repository: ../shared/real-pages)", file=sys.stderr)
        return 2
    scores, misses = run(args.pages)
    order = ["kind", "title", "breadcrumb", "column_name", "item_count", "total_pages", "newest_date",
             "publish_date", "doc_number", "doc_number_in_body", "metadata"]
    order += sorted(k for k in scores if k.startswith("meta:"))
    print(f"{'field':<22} {'right':>5} {'of':>4} {'accuracy':>9}")
    for key in order:
        if key in scores:
            right, total = scores[key]
            flag = "" if right / total >= TARGET_FIELD else "  < 0.90"
            name = ("  " + key) if key.startswith("meta:") else key
            print(f"{name:<22} {right:>5} {total:>4} {right / total:>9.2f}{flag}")
    print(f"{'overall':<22} {'':>5} {'':>4} {overall(scores):>9.2f}  (metadata counted once per label)")
    if args.verbose:
        print("\nmismatches (file, field: expected | got)")
        for file, field, expected, got in misses:
            print(f"  {file} {field}: {expected!r} | {got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
