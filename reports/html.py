"""report.html and index.html: self-contained pages (inline CSS, inline SVG, no CDN).

Crawled text (titles, evidence, site names, URLs) is hostile: the environment autoescapes
everything and the templates never mark crawled text ``|safe``. Only http(s) URLs become links.
The one script (the filters, ``templates/filters.js``) is the project's own; the page's
Content-Security-Policy allows exactly that script, by its SHA-256 hash, and nothing else.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from rules.base import Severity

from .deadlines import ESTIMATE_NOTE
from .model import SEVERITY_ORDER, ReportModel
from .plain import SCORE_NOTE, plain_basis

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
SEVERITY_COLORS = {Severity.VETO.value: "#b3261e", Severity.DEDUCT.value: "#e08a00", Severity.NOTICE.value: "#5f6b7a"}


def is_http(url: Any) -> bool:
    if not isinstance(url, str) or not url:
        return False
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()


def css_string(text: Any) -> Markup:
    """``text`` as a CSS string literal (for @page running headers): every character that is
    not a letter, digit, CJK or space is escaped, so crawled text cannot end the string or the
    style element."""
    out = []
    for ch in str(text or ""):
        if ch.isalnum() or ch == " ":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')  # safe: nothing but letters, digits, spaces and escapes


def filter_script() -> tuple[str, str]:
    """(the filters' script text, its CSP source expression 'sha256-…')."""
    text = (TEMPLATE_DIR / "filters.js").read_text(encoding="utf-8")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return text, f"'sha256-{digest}'"


@lru_cache(maxsize=1)
def environment() -> Environment:
    """The templates' environment, built once per process: each one compiles the templates again
    (about 0.15 CPU s a template), and an audit renders report.html and index.html."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.tests["http_url"] = is_http
    env.filters["css_string"] = css_string
    env.filters["plain_basis"] = plain_basis
    env.filters["path_url"] = lambda name: quote(str(name))
    env.globals["severity_colors"] = SEVERITY_COLORS
    env.globals["score_note"] = SCORE_NOTE
    env.globals["estimate_note"] = ESTIMATE_NOTE
    env.tests["search"] = lambda value, word: word in (value or "")
    return env


def filter_options(model: ReportModel) -> dict[str, list[tuple[str, str]]]:
    """(value, label) choices of each filter, from what the report shows (the distinct values
    of the model's rows, not the rows themselves)."""
    severities = set(model.distinct("severity"))
    return {
        "rule": [(r, model.rule(r).title) for r in model.distinct("rule")],
        "severity": [(s, s) for s in SEVERITY_ORDER if s in severities],
        "status": [(s, s) for s in model.distinct("status")],
        "column": [(c, c) for c in model.distinct("col")],
    }


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


def render_html(model: ReportModel, *, home: str | None = None) -> str:
    """The report of ``model``'s sites; ``home``: link back to the city summary (index.html)."""
    return "".join(generate_html(model, home=home))


def generate_html(model: ReportModel, *, home: str | None = None) -> Iterator[str]:
    """:func:`render_html` piece by piece (written as it is rendered)."""
    env = environment()
    script, script_hash = filter_script()
    return env.get_template("report.html.j2").generate(
        model=model, as_of=model.as_of, sites=model.sites, rule_ids=model.rule_ids,
        rules=model.rules, chart=chart(model), severities=list(SEVERITY_ORDER),
        filters=filter_options(model), script=script, script_hash=script_hash, home=home)


def render_index(model: ReportModel) -> str:
    """index.html: the city summary, one line per county with links to its own files."""
    env = environment()
    return env.get_template("index.html.j2").render(
        model=model, as_of=model.as_of, sites=model.sites, rule_ids=model.rule_ids,
        rules=model.rules, chart=chart(model), severities=list(SEVERITY_ORDER))


def write_html(model: ReportModel, path: Path, *, home: str | None = None) -> Path:
    from .files import atomic_write_chunks

    atomic_write_chunks(path, _batched(generate_html(model, home=home)))
    return path


# What the template writes for ``home`` (its only use): rendered once with this in its place, the
# page is both files, the paragraph cut out of one (home=None writes nothing else differently).
_HOME_STANDIN = "duwang-home-link-standin"
_HOME_LINE = '<p class="home no-print"><a href="{}">返回汇总</a></p>'


def write_html_pair(model: ReportModel, path: Path, site_path: Path, *, home: str) -> tuple[Path, Path]:
    """``write_html(model, path)`` and ``write_html(model, site_path, home=home)`` from one
    rendering (for a one-county audit, whose own report is the same page with a link home)."""
    from .files import atomic_write_chunks, atomic_write_with

    standin = _HOME_LINE.format(_HOME_STANDIN)
    link = _HOME_LINE.format(escape(home))

    def tee(tmp: Path):
        with open(tmp, "w", encoding="utf-8", buffering=1 << 16) as own:
            head: list[str] | None = []
            for chunk in _batched(generate_html(model, home=_HOME_STANDIN)):
                if head is None:
                    own.write(chunk)
                    yield chunk
                    continue
                head.append(chunk)
                text = "".join(head)
                if standin in text:  # in the header: the first few kB
                    own.write(text.replace(standin, link))
                    yield text.replace(standin, "")
                    head = None
            if head is not None:
                raise RuntimeError("report template no longer shows the home link")

    atomic_write_with(site_path, lambda tmp: atomic_write_chunks(path, tee(tmp)))
    return path, site_path


def _batched(chunks: Iterator[str], size: int = 256) -> Iterator[str]:
    """``chunks`` joined ``size`` at a time: a template yields a few dozen short strings per finding,
    and each one passed on and written twice cost more than rendering it."""
    batch: list[str] = []
    for chunk in chunks:
        batch.append(chunk)
        if len(batch) >= size:
            yield "".join(batch)
            batch.clear()
    if batch:
        yield "".join(batch)


def write_index(model: ReportModel, path: Path) -> Path:
    from .files import atomic_write_text

    atomic_write_text(path, render_index(model))
    return path
