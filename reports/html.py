"""report.html: one self-contained page (inline CSS, inline SVG, no script, no CDN).

Crawled text (titles, evidence, site names, URLs) is hostile: the environment autoescapes
everything and the templates never mark crawled text ``|safe``. Only http(s) URLs become links.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from .model import SEVERITY_ORDER, ReportModel

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SEVERITY_COLORS = {"否决": "#b3261e", "扣分": "#e08a00", "提示": "#5f6b7a"}


def is_http(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.tests["http_url"] = is_http
    env.globals["severity_colors"] = SEVERITY_COLORS
    return env


def chart(model: ReportModel, *, width: int = 760, bar: int = 22, gap: int = 10,
          label_w: int = 200) -> dict[str, Any]:
    """Geometry of the horizontal stacked bar chart (findings per county by severity)."""
    plot_w = width - label_w - 60
    most = max((sum(s.severity_counts.values()) for s in model.sites), default=0) or 1
    rows = []
    for i, s in enumerate(model.sites):
        y = 30 + i * (bar + gap)
        x = label_w
        segments = []
        for sev in SEVERITY_ORDER:
            n = s.severity_counts.get(sev, 0)
            if not n:
                continue
            w = max(plot_w * n / most, 1.0)
            segments.append({"x": round(x, 1), "w": round(w, 1), "severity": sev, "n": n,
                             "color": SEVERITY_COLORS[sev]})
            x += w
        rows.append({"y": y, "name": s.name, "total": sum(s.severity_counts.values()),
                     "segments": segments, "end": round(x, 1)})
    height = 30 + len(rows) * (bar + gap) + 10
    return {"width": width, "height": height, "bar": bar, "label_w": label_w, "rows": rows}


def render_html(model: ReportModel) -> str:
    env = environment()
    return env.get_template("report.html.j2").render(
        model=model, as_of=model.as_of, sites=model.sites, rule_ids=model.rule_ids,
        rules=model.rules, chart=chart(model), severities=list(SEVERITY_ORDER))


def write_html(model: ReportModel, path: Path) -> Path:
    from . import atomic_write_text

    atomic_write_text(path, render_html(model))
    return path
