"""Fixed and per-page CPU of the whole audit: whole audits of the listing site at several sizes, a
least-squares line through (pages, CPU seconds), and what the fixed part is made of.

    python3 benchmarks/crawl_bench.py --fit 200,2000,10000
    python3 benchmarks/crawl_bench.py --fit 200,2000,10000 --compare /tmp/ct-main

Each audit is ``benchmarks/whole_audit.py`` pinned to core 0 (the site on core 1), CPU = its process
tree's user + system seconds, so interpreter start, imports, the typo model, the crawl, rules and
reports are all in. The fixed part is then taken apart in fresh processes, each the difference of
two commands' CPU (median of three): interpreter start, duwang's imports, the typo model's load
(``rules.typo.api.warm_up``), the report templates' compilation. Nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

# (name, command whose CPU is measured, command subtracted from it)
PY = sys.executable
IMPORTS = ("import audits.audit, audits.cli, crawler.runner, crawler.spiders.portal, crawler.pipelines, "
           "reports, rules.registry, scrapy.crawler")
FIXED_PARTS = (
    ("interpreter start (python -c pass)", "pass", None),
    ("imports (audits, crawler, scrapy, reports, rules)", IMPORTS, "pass"),
    ("typo model load (rules.typo.api.warm_up)", "import rules.typo.api as a; a.warm_up()",
     "import rules.typo.api"),
    ("report templates (jinja2 compile)", "import reports.html as h; e = h.environment(); "
     "e.get_template('report.html.j2'); e.get_template('index.html.j2')", "import reports.html"),
)


def fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares CPU = fixed + per_page * pages; (fixed seconds, per-page seconds)."""
    n = len(points)
    mx = sum(p for p, _ in points) / n
    my = sum(c for _, c in points) / n
    sxx = sum((p - mx) ** 2 for p, _ in points)
    slope = sum((p - mx) * (c - my) for p, c in points) / sxx if sxx else 0.0
    return my - slope * mx, slope


def fixed_parts(tree: Path, measure, pin) -> list[tuple[str, float]]:
    def cpu(code: str) -> float:
        # cwd too: ``python -c`` puts the working directory before PYTHONPATH
        return statistics.median(measure(pin(0) + [PY, "-c", code], cwd=tree, tree=tree).cpu for _ in range(3))

    out = []
    for name, code, minus in FIXED_PARTS:
        out.append((name, cpu(code) - (cpu(minus) if minus else 0.0)))
    return out


def bench_fit(sizes: list[int], tmp: Path, trees: list[Path], label: dict, root: Path) -> None:
    from crawl_bench import ListingSite, header, measure, pin, row, whole_audit

    points: dict[Path, list[tuple[int, float, float]]] = {t: [] for t in trees}
    for size in sizes:
        site = ListingSite(size)
        try:
            header(f"whole audit, every page a listing ({site.paths} pages served)")
            for i, tree in enumerate(trees):
                m, info = whole_audit(site.url, tmp / f"fit-{size}-{i}", tree)
                n = info.get("pages", 0)
                row(f"duwang audit ({label[tree]})"[:28], n, m, info.get("error", ""))
                points[tree].append((n, m.cpu, m.secs))
        finally:
            site.close()
    print("\n== fixed + per-page CPU of the whole audit (least squares over the sizes above)")
    for tree in trees:
        fixed, per_page = fit([(n, c) for n, c, _ in points[tree] if n])
        at = "; ".join(f"{n:,} pages: {n / c:.0f} pages/CPU s, {n / s:.0f} pages/s wall"
                       for n, c, s in points[tree] if c and s)
        print(f"{label[tree]} ({tree}): fixed {fixed:.2f} CPU s + {1000 * per_page:.2f} CPU ms/page "
              f"(per-page alone: {1 / per_page if per_page > 0 else 0:.0f} pages/CPU s); {at}", flush=True)
    print("\n== what the fixed part is made of (fresh processes, CPU s, median of 3)")
    for tree in trees:
        parts = fixed_parts(tree, measure, pin)
        print(f"{label[tree]} ({tree}): " + "; ".join(f"{name} {secs:.2f}" for name, secs in parts), flush=True)
