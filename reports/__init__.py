"""duwang reports: jinja2 templates and exporters (HTML, XLSX, JSON, CSV).

:func:`write_reports` loads the report model once (:mod:`reports.model`) and hands it to each
exporter; every file is written to a temporary name first and renamed (:mod:`reports.files`),
so an interrupted report never leaves a half-written file under the final name.

The layout of the audit directory is a public contract (README, "What duwang audit writes")::

    DIR/index.html               the city summary: one line per county, links to its files
    DIR/report.html              every county in one page (as before)
    DIR/report.xlsx              汇总 + one 整改清单 sheet per county (as before)
    DIR/findings.json            every finding (JSON array)
    DIR/findings.csv             the same as a table (UTF-8 with BOM)
    DIR/SITE/report.html         one county's own report
    DIR/SITE/整改清单.xlsx        one county's own 整改清单
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.store import Store

REPORT_FILES = ("findings.json", "findings.csv", "report.html", "report.xlsx", "index.html")
SITE_FILES = ("report.html", "整改清单.xlsx")


def write_reports(store: Store, run_ids: list[int], out_dir: str | Path, *,
                  as_of: date | str | None = None, options=None) -> dict[str, Path]:
    """Write the audit directory's reports for ``run_ids`` (layout in the module docstring).

    Returns file name -> path; a county's files are keyed ``SITE/report.html`` and
    ``SITE/整改清单.xlsx``.
    """
    from .browse import ensure_browse_views
    from .csvout import write_csv
    from .files import copy_file
    from .html import write_html, write_html_pair, write_index
    from .jsonout import write_json
    from .model import load_model
    from .xlsx import write_xlsx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    ensure_browse_views(store)
    model = load_model(store, list(run_ids), as_of=as_of, options=options)
    written = {
        "findings.json": write_json(model, out / "findings.json"),
        "findings.csv": write_csv(model, out / "findings.csv"),
    }
    if len(model.sites) == 1:  # the county's own report is report.html with a link home: rendered once
        site = model.sites[0]
        written["report.html"], written[f"{site.dir_name}/report.html"] = write_html_pair(
            model, out / "report.html", out / site.dir_name / "report.html", home="../index.html")
    else:
        written["report.html"] = write_html(model, out / "report.html")
    written["report.xlsx"] = write_xlsx(model, out / "report.xlsx")
    for site in model.sites:
        own = model.only(site)
        folder = out / site.dir_name
        if len(model.sites) > 1:
            written[f"{site.dir_name}/report.html"] = write_html(own, folder / "report.html", home="../index.html")
        own_xlsx = folder / "整改清单.xlsx"
        if len(model.sites) == 1:  # the county's own 整改清单 is report.xlsx itself: written once
            written[f"{site.dir_name}/整改清单.xlsx"] = copy_file(written["report.xlsx"], own_xlsx)
        else:
            written[f"{site.dir_name}/整改清单.xlsx"] = write_xlsx(own, own_xlsx)
    written["index.html"] = write_index(model, out / "index.html")
    return written


__all__ = ["write_reports", "REPORT_FILES", "SITE_FILES"]
