"""audit.db made for browsing (Datasette or any SQLite viewer): named views and labels.

The crawl tables refer to sites and runs by id. For a person browsing the store, three
things are added when the reports are written: a ``rule_titles`` table (id, title, severity,
basis of every registered rule), and the views ``findings_view`` (each finding with its
site's name, the rule's title and the run's date) and ``columns_view`` (each column with its
site's name). :func:`datasette_metadata` gives Datasette the labels and facets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from crawler.store import Store

VIEWS = {
    "findings_view": """
        SELECT f.run_id, r.as_of AS 检查日期, s.name AS 网站, f.rule AS 规则编号,
               coalesce(t.title, f.rule) AS 问题类型, f.severity AS 严重程度, f.title AS 标题,
               f.message AS 问题描述, f.url AS 页面, f.target AS 目标, f.evidence AS 证据,
               f.basis AS 依据, f.fingerprint AS 指纹
        FROM findings f
        JOIN runs r ON r.id = f.run_id
        JOIN sites s ON s.id = f.site_id
        LEFT JOIN rule_titles t ON t.id = f.rule""",
    "columns_view": """
        SELECT c.run_id, r.as_of AS 检查日期, s.name AS 网站, c.name AS 栏目, c.path AS 位置,
               c.kind AS 类型, c.item_count AS 信息条数, c.newest_date AS 最新日期, c.pages AS 列表页数,
               c.url AS 网址, c.note AS 说明
        FROM columns c
        JOIN runs r ON r.id = c.run_id
        JOIN sites s ON s.id = c.site_id""",
}


def ensure_browse_views(store: Store) -> None:
    """(Re)write ``rule_titles`` from the registry and create the views if missing."""
    from rules.registry import all_rules

    rows = [{"id": r.id, "title": r.title, "severity": r.severity, "basis": r.basis} for r in all_rules()]
    with store.db.conn:
        store.db.execute("CREATE TABLE IF NOT EXISTS rule_titles (id TEXT PRIMARY KEY, title TEXT, "
                         "severity TEXT, basis TEXT)")
        store.db.execute("DELETE FROM rule_titles")
        store.db.conn.executemany("INSERT INTO rule_titles (id, title, severity, basis) VALUES (?, ?, ?, ?)",
                                  [(r["id"], r["title"], r["severity"], r["basis"]) for r in rows])
        for name, sql in VIEWS.items():
            store.db.execute(f"CREATE VIEW IF NOT EXISTS [{name}] AS {sql}")


def datasette_metadata(database: str = "audit") -> dict[str, Any]:
    """Datasette metadata: titles, labels (site and rule names instead of ids) and facets."""
    return {
        "title": "duwang 读网检查数据",
        "description": "政府网站检查的抓取记录与问题（audit.db）",
        "databases": {database: {"tables": {
            "sites": {"label_column": "name", "description": "被检查的网站"},
            "rule_titles": {"label_column": "title", "description": "检查规则"},
            "findings_view": {"description": "问题明细（含网站名称与问题类型）",
                              "facets": ["网站", "问题类型", "严重程度", "检查日期"]},
            "columns_view": {"description": "栏目（含网站名称）", "facets": ["网站", "类型"]},
            "findings": {"facets": ["rule", "severity"]},
            "pages": {"facets": ["kind", "status"]},
            "targets": {"facets": ["state"]},
        }}},
    }
