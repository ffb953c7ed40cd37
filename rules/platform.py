"""The 政府信息公开 platform as the crawl saw it: its columns, the home page, blank columns.

Shared by the site- and column-level duty rules (``interpretation.column_missing``,
``catalog.*``, ``platform.columns``, ``unit.page_missing``, ``report.annual_late``). A column is
"under the platform" when its breadcrumb path names one of the platform names. No Rule subclass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from .base import AuditContext, Setting
from .taxonomy import normalize_name

# 国办公开办函〔2019〕61号 asks for the name 政府信息公开; many portals still call it otherwise.
PLATFORM_NAMES = ("政府信息公开", "信息公开", "政务公开")
# the platform rules' shared setting: which column names are the 政府信息公开 platform
PLATFORM_NAMES_SETTING = Setting(list(PLATFORM_NAMES), list, "认作政府信息公开平台（专栏）的栏目名称。")


# "…的通知_示范县人民政府", "年度报告 - 示范县政府网": the site's name a <title> carries
_SITE_SUFFIX = re.compile(r"\s*[_|\-—–]\s*[^_|\-—–]{2,30}(?:人民政府|政府网|门户网站|网站|政府)\s*$")


def clean_title(title: str | None) -> str:
    """A page title without the site name CMS templates append."""
    return _SITE_SUFFIX.sub("", (title or "").strip())


def columns(ctx: AuditContext) -> list[dict]:
    """Every column (listing, nav, unverifiable) of the run, sorted by URL.

    Read once per run and shared by every rule that asks (a rule must not change the rows).
    """
    return ctx.once("platform.columns", lambda: ctx.dicts(
        "SELECT * FROM columns WHERE run_id = ? ORDER BY url", [ctx.run_id]))


def home_url(ctx: AuditContext) -> str:
    def first_home() -> str:
        row = ctx.store.db.conn.execute("SELECT url FROM pages WHERE run_id = ? AND kind = 'home' "
                                        "ORDER BY depth, url LIMIT 1", [ctx.run_id]).fetchone()
        return row[0] if row else ctx.site.get("start_url") or ""

    return ctx.once("platform.home_url", first_home)


@lru_cache(maxsize=256)
def _normalized(names: tuple[str, ...]) -> tuple[str, ...]:
    """Names (platform names, keywords) normalised once; empty names left out."""
    return tuple(normalize_name(name) for name in names if name)


def under_platform(col: dict, platform_names: Iterable[str] = PLATFORM_NAMES) -> bool:
    """True when the column's path (its ancestors, not itself) names the platform."""
    parts = (col.get("path") or "").split(">")
    if len(parts) < 2:
        return False
    wanted = [w for w in _normalized(tuple(platform_names)) if w]
    return any(w in part for part in map(normalize_name, parts[:-1]) for w in wanted)


def name_matches(name: str | None, keywords: Iterable[str]) -> bool:
    return _contains_any(normalize_name(name), _normalized(tuple(keywords)))


def find_columns(cols: list[dict], keywords: Iterable[str]) -> list[dict]:
    """The columns whose name contains one of ``keywords`` (both normalised), in order."""
    wanted = _normalized(tuple(keywords))
    return [c for c in cols if _contains_any(normalize_name(c.get("name")), wanted)]


def _contains_any(clean: str, wanted: tuple[str, ...]) -> bool:
    return any(k in clean for k in wanted)


def is_blank(col: dict) -> bool:
    """A listing that lists nothing (navs and script-filled lists are never blank)."""
    return (col.get("kind") or "listing") == "listing" and not (col.get("item_count") or 0)


def column_pages(ctx: AuditContext, col: dict) -> list[dict]:
    """Article-like pages filed under ``col`` (by column_url), sorted by URL."""
    return list(ctx.rows("pages", "column_url = ? AND kind IN ('article', 'other')", [col["url"]],
                         order_by="url"))


def descendants(cols: list[dict], col: dict) -> list[dict]:
    """Columns whose path runs through ``col`` (its sub-columns, at any depth)."""
    path = (col.get("path") or "").strip()
    if not path:
        return []
    return [c for c in cols if c["url"] != col["url"] and (c.get("path") or "").startswith(path + " >")]
