"""Run the text.typo rule over the real portal pages in ../shared/real-pages and list what it
reports, for a person to judge (the pages are fetched public data: read here, never copied).

    python3 benchmarks/typo_real_pages.py [--pages DIR]

Each page is read with the crawler's own extraction (crawler.extract.page.analyse_page), then
the rule runs over one crawl made of all of them, as in an audit: articles' titles and text,
listing items' titles, the pages' link anchors as the site's own words.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler.extract.encoding import decode_body  # noqa: E402
from crawler.extract.page import analyse_page  # noqa: E402
from rules.testing import run_fixture  # noqa: E402
from rules.text_typo import TextTypo  # noqa: E402

DEFAULT = ROOT / ".." / "shared" / "real-pages"


def crawl_of(pages_dir: Path) -> dict:
    pages, items, links = [], [], []
    labels = json.loads((pages_dir / "labels.json").read_text(encoding="utf-8"))
    urls = {e.get("file"): e.get("url") for e in labels if isinstance(e, dict)}
    for path in sorted((pages_dir / "pages").glob("*.html")):
        url = urls.get(path.name) or urls.get(f"pages/{path.name}") or f"http://real.example/{path.name}"
        html, _ = decode_body(path.read_bytes(), "")
        page = analyse_page(url, html)
        pages.append({"url": url, "kind": page.kind, "title": page.title, "text": page.text,
                      "breadcrumb": json.dumps(page.breadcrumb, ensure_ascii=False)})
        if page.listing is not None:
            items += [{"column_url": url, "url": it.url, "title": it.title, "date": it.date}
                      for it in page.listing.items]
        links += [{"source_url": url, "target_url": link.url, "anchor": link.anchor}
                  for link in page.links]
    return {"as_of": "2026-11-20", "site": {"name": "real pages", "start_url": "http://real.example/"},
            "pages": pages, "column_items": items, "links": links}


def findings(pages_dir: Path):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "crawl.json"
        path.write_text(json.dumps(crawl_of(pages_dir), ensure_ascii=False), encoding="utf-8")
        return run_fixture(TextTypo, path, Path(tmp))


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pages", type=Path, default=DEFAULT)
    args = ap.parse_args(argv)
    if not (args.pages / "labels.json").exists():
        print(f"no real pages at {args.pages} (pass --pages DIR)", file=sys.stderr)
        return 2
    found = findings(args.pages)
    for f in found:
        print(f"{f.url}\t{f.data['source']}\t{f.data['evidence']} → {f.data['suggestion']}\t{f.data['context']}")
    print(f"{len(found)} findings")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
