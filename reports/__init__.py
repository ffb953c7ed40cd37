"""duwang reports: jinja2 templates and exporters (HTML, XLSX, JSON).

:func:`write_reports` loads the report model once (:mod:`reports.model`) and hands it to each
exporter; every file is written to a temporary name first and renamed, so an interrupted
report never leaves a half-written file under the final name.
"""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from crawler.store import Store

REPORT_FILES = ("findings.json", "report.html", "report.xlsx")


def _atomic(path: Path, write) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a report is as readable as any file
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(path: Path, text: str) -> None:
    _atomic(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def atomic_write_with(path: Path, save) -> None:
    """``save(tmp_path)`` writes the file; it is then renamed to ``path``."""
    _atomic(path, save)


def write_reports(store: Store, run_ids: list[int], out_dir: str | Path, *,
                  as_of: date | str | None = None) -> dict[str, Path]:
    """Write findings.json, report.html and report.xlsx for ``run_ids`` into ``out_dir``."""
    from .html import write_html
    from .jsonout import write_json
    from .model import load_model
    from .xlsx import write_xlsx

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = load_model(store, list(run_ids), as_of=as_of)
    return {
        "findings.json": write_json(model, out / "findings.json"),
        "report.html": write_html(model, out / "report.html"),
        "report.xlsx": write_xlsx(model, out / "report.xlsx"),
    }


__all__ = ["write_reports", "REPORT_FILES"]
