"""URL shapes of the two simulated CMS platforms, and relative-link arithmetic."""

from __future__ import annotations

import posixpath
from datetime import date


def trs_article(base: str, day: date, art_id: int, ext: str = "html") -> str:
    """TRS WCM "t-date" article: <column dir>/YYYYMM/tYYYYMMDD_<id>.<ext>."""
    return f"{base}{day:%Y%m}/t{day:%Y%m%d}_{art_id}.{ext}"


def hanweb_article(colid: int, day: date, art_id: int) -> str:
    """Hanweb JCMS article: /art/YYYY/M/D/art_<COLID>_<ARTID>.html (M and D not zero-padded)."""
    return f"/art/{day.year}/{day.month}/{day.day}/art_{colid}_{art_id}.html"


def trs_attachment_name(day: date, serial: int, ext: str) -> str:
    """TRS attachment file name P020YYMMDD<12 digits>.<ext>."""
    return f"P020{day:%y%m%d}{serial:012d}.{ext}"


def relative(from_path: str, to_path: str) -> str:
    """A relative href from the page ``from_path`` to ``to_path`` (``./x`` or ``../x`` style)."""
    from_dir = from_path.rsplit("/", 1)[0] or "/"
    rel = posixpath.relpath(to_path, from_dir)
    return rel if rel.startswith("../") else "./" + rel


def resolve(from_path: str, href: str) -> str:
    """The root-relative path ``href`` points to when found on ``from_path``."""
    if href.startswith("/") or "://" in href or href.startswith("{"):
        return href
    from_dir = from_path.rsplit("/", 1)[0]
    return posixpath.normpath(posixpath.join(from_dir or "/", href))
