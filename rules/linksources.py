"""Where a checked link target is linked from (shared by the link rules; no Rule subclass)."""

from __future__ import annotations

from collections import Counter

from .base import AuditContext

KIND_LABELS = {"internal": "站内链接", "attachment": "附件链接", "external": "外部链接"}
MAX_EVIDENCE_SOURCES = 5


def link_sources(ctx: AuditContext, target_url: str) -> list[dict]:
    """Every page linking to ``target_url``: source_url, anchor, kind, hidden; sorted by source."""
    rows = ctx.rows("links", "target_url = ?", [target_url], order_by="source_url, anchor")
    return [{"source_url": r["source_url"], "anchor": (r.get("anchor") or "").strip(),
             "kind": r.get("kind") or "internal", "hidden": bool(r.get("hidden"))}
            for r in rows]


def dominant_kind(sources: list[dict], default: str = "internal") -> str:
    """The link kind most sources give (attachment wins ties: it is the most specific)."""
    if not sources:
        return default
    counts = Counter(s["kind"] for s in sources)
    order = ("attachment", "internal", "external")
    return max(counts, key=lambda k: (counts[k], -order.index(k) if k in order else -9))


def describe_sources(sources: list[dict]) -> str:
    """“锚文本”（来源页）; …, shortened to a few sources for the evidence line."""
    parts = [f"“{s['anchor'] or '（无锚文本）'}”（{s['source_url']}{'，隐藏' if s['hidden'] else ''}）"
             for s in sources[:MAX_EVIDENCE_SOURCES]]
    more = len(sources) - MAX_EVIDENCE_SOURCES
    if more > 0:
        parts.append(f"另有 {more} 处")
    return "；".join(parts) or "（未记录来源页）"


def status_text(target: dict) -> str:
    status = target.get("status") or 0
    error = target.get("error") or ""
    shown = f"HTTP {status}" if status else "无响应"
    return f"{shown}（{error}）" if error else shown
