"""The 政府信息公开 platform as the crawl saw it: its columns, the home page, blank columns.

Shared by the site- and column-level duty rules (``interpretation.column_missing``,
``catalog.*``, ``platform.columns``, ``unit.page_missing``, ``report.annual_late``). A column is
"under the platform" when its breadcrumb path names one of the platform names. No Rule subclass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    """Every column (listing, nav, unverifiable) of the run, sorted by URL."""
    return list(ctx.rows("columns", order_by="url"))


def home_url(ctx: AuditContext) -> str:
    for row in ctx.rows("pages", "kind = 'home'", order_by="depth, url"):
        return row["url"]
    return ctx.site.get("start_url") or ""


def under_platform(col: dict, platform_names: Iterable[str] = PLATFORM_NAMES) -> bool:
    """True when the column's path (its ancestors, not itself) names the platform."""
    parts = [normalize_name(p) for p in (col.get("path") or "").split(">")]
    ancestors = parts[:-1] if len(parts) > 1 else []
    wanted = [normalize_name(n) for n in platform_names]
    return any(w and w in part for part in ancestors for w in wanted)


def name_matches(name: str | None, keywords: Iterable[str]) -> bool:
    clean = normalize_name(name)
    return any(normalize_name(k) in clean for k in keywords if k)


def find_columns(cols: list[dict], keywords: Iterable[str]) -> list[dict]:
    keywords = list(keywords)
    return [c for c in cols if name_matches(c.get("name"), keywords)]


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
