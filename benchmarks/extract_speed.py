"""Extraction speed over the demo portal's HTML pages: prints ms/page (not a test).

    python3 benchmarks/extract_speed.py [pages=400] [rounds=3]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from crawler.demo import build_portal  # noqa: E402
from crawler.extract import analyse_page, decode_body  # noqa: E402

HTML_ROUTES = {"home", "nav", "jsonlist", "hanweb", "trs", "article", "static", "sitemap"}


def main(pages: int = 400, rounds: int = 3) -> None:
    portal = build_portal(pages=pages)
    hosts = frozenset({"www.shifan.gov.cn"})
    bodies = []
    for path in portal.paths():
        if portal.routes[path][0] in HTML_ROUTES:
            status, headers, body = portal.respond("GET", path, {}, b"")
            bodies.append(("http://www.shifan.gov.cn" + path, body, headers["Content-Type"]))
    total_bytes = sum(len(b) for _, b, _ in bodies)
    best = None
    for _ in range(rounds):
        start = time.perf_counter()
        for url, body, ctype in bodies:
            text, _ = decode_body(body, ctype)
            analyse_page(url, text, hosts)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    n = len(bodies)
    print(f"{n} pages, {total_bytes / n / 1024:.1f} KB/page avg: {best / n * 1000:.3f} ms/page "
          f"(best of {rounds}; decode + analyse)")
    # a "typical" 20 KB county page: a demo article with a big menu and a long body
    status, headers, body = portal.respond("GET", next(p for p in portal.paths() if "/zwgk/zcwj/2" in p), {}, b"")
    html = body.decode("utf-8")
    menu = "".join(f'<li><a href="/col/col{i}/index.html">栏目{i}</a></li>' for i in range(120))
    html = html.replace('<div class="nav"><ul>', '<div class="nav"><ul>' + menu, 1)
    para = "<p>" + "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，结合我县实际，制定本措施。" * 3 + "</p>\n"
    while len(html.encode()) < 20 * 1024:
        html = html.replace('<div class="TRS_Editor">\n', '<div class="TRS_Editor">\n' + para, 1)
    url = "http://www.shifan.gov.cn/zwgk/zcwj/202609/t20260921_1.html"
    for _ in range(20):
        analyse_page(url, html, hosts)
    start = time.perf_counter()
    for _ in range(200):
        analyse_page(url, html, hosts)
    print(f"typical page {len(html.encode()) / 1024:.1f} KB ({html.count('<a ')} links): "
          f"{(time.perf_counter() - start) / 200 * 1000:.3f} ms/page")
    # the oversize page on its own
    status, headers, body = portal.respond("GET", "/zwgk/tjnj/2025.html", {}, b"")
    if status == 200:
        start = time.perf_counter()
        analyse_page("http://www.shifan.gov.cn/zwgk/tjnj/2025.html", decode_body(body, headers["Content-Type"])[0],
                     hosts)
        print(f"oversize page {len(body) / 1e6:.1f} MB: {(time.perf_counter() - start) * 1000:.0f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
