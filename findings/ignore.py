"""Findings the inspector has judged: ``ignore.toml`` in the audit directory.

::

    # ignore.toml
    [[finding]]
    fingerprint = "3f2a9c0d1e4b5a67"
    status = "无需整改"              # a false alarm, or accepted: kept out of the verdict
    reason = "该栏目为历史专题，已停止更新"

    [[finding]]
    fingerprint = "9b8c7d6e5f4a3b21"
    status = "已整改"                # the clerk says it is fixed: the next run re-checks it (复核)
    reason = "已改正错别字并重新发布"

``duwang accept report.xlsx`` writes this file from the 状态 (and 整改情况) columns of a filled-in
整改清单. After a run's rules, :func:`apply_marks` writes the judgement into each marked finding's
``data["mark"]``:

- 无需整改: ``{"status": "无需整改", "reason": …}``. :func:`counted` is False for it, so the
  verdict (and the exit code) leave it out; the report lists it in its own section.
- 已整改 and still found: ``{"status": "复核未通过", "marked": "已整改", "reason": …}``. It still
  counts; the report shows it as 复核未通过.
- 已整改 and gone: nothing to write; :class:`MarkSummary` lists it as passed (复核通过).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class MarksError(ValueError):
    """ignore.toml or a filled-in 整改清单 cannot be read; the message says what to fix."""

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

MARKS_FILE = "ignore.toml"
NOT_NEEDED, FIXED, RECHECK_FAILED = "无需整改", "已整改", "复核未通过"
STATUSES = (NOT_NEEDED, FIXED)


@dataclass(frozen=True)
class Mark:
    fingerprint: str
    status: str  # 无需整改 | 已整改
    reason: str = ""


@dataclass
class MarkSummary:
    ignored: list[str] = field(default_factory=list)  # fingerprints kept out of the verdict
    recheck_failed: list[str] = field(default_factory=list)  # marked 已整改, still there
    recheck_passed: list[str] = field(default_factory=list)  # marked 已整改, gone


def load_marks(out_dir: str | Path) -> dict[str, Mark]:
    """The marks of ``out_dir/ignore.toml`` (none when the file does not exist).

    Raises MarksError with what to fix for a file that cannot be used.
    """
    path = Path(out_dir) / MARKS_FILE
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise MarksError(f"{path} 不是 UTF-8 编码: {e}. 请另存为 UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        raise MarksError(f"{path} 不是有效的 TOML: {e}. 每条标记写成 [[finding]] 加 fingerprint、"
                          f"status、reason 三项") from e
    entries = data.get("finding", [])
    if not isinstance(entries, list):
        raise MarksError(f"{path}: 标记须写成 [[finding]] 表格数组")
    marks: dict[str, Mark] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{path} 第 {n} 条 [[finding]]"
        if not isinstance(entry, dict):
            raise MarksError(f"{where}: 须为表格（fingerprint、status、reason）")
        fp = str(entry.get("fingerprint") or "").strip()
        status = str(entry.get("status") or "").strip()
        reason = str(entry.get("reason") or "").strip()
        if not fp:
            raise MarksError(f"{where}: 缺少 fingerprint（报告中每条问题和整改清单中的“指纹”）")
        if status not in STATUSES:
            raise MarksError(f"{where}: status 须为 {' 或 '.join(STATUSES)}，现为 {status!r}")
        if status == NOT_NEEDED and not reason:
            raise MarksError(f"{where}: 标记为无需整改须写明 reason（理由）")
        marks[fp] = Mark(fp, status, reason)
    return marks


def _toml_string(value: str) -> str:
    text = json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string ...
    return text.replace("\x7f", "\\u007f")  # ... except that TOML wants DEL escaped too


def write_marks(out_dir: str | Path, marks: dict[str, Mark]) -> Path:
    """Write ``ignore.toml`` (atomically), one [[finding]] per mark, sorted by fingerprint."""
    path = Path(out_dir) / MARKS_FILE
    lines = ["# 读网检查结果标记：无需整改的问题不计入结论；已整改的问题下次检查时复核。",
             "# 由 duwang accept 写入，也可手工编辑。", ""]
    for fp in sorted(marks):
        m = marks[fp]
        lines += ["[[finding]]", f"fingerprint = {_toml_string(m.fingerprint)}",
                  f"status = {_toml_string(m.status)}", f"reason = {_toml_string(m.reason)}", ""]
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text("\n".join(lines), encoding="utf-8")
    tmp.replace(path)
    return path


def mark_of(finding: Any) -> dict:
    """The ``data["mark"]`` of a finding (a Finding or a finding dict), or {}."""
    data = finding.get("data") if isinstance(finding, dict) else getattr(finding, "data", None)
    mark = data.get("mark") if isinstance(data, dict) else None
    return mark if isinstance(mark, dict) else {}


def counted(finding: Any) -> bool:
    """False for a finding the inspector marked 无需整改: it stays out of the verdict."""
    return mark_of(finding).get("status") != NOT_NEEDED


def apply_marks(store, run_id: int, marks: dict[str, Mark], findings: list | None = None) -> MarkSummary:
    """Write each mark into the run's marked findings (``data["mark"]``) and re-check 已整改 marks.

    ``findings`` (the run's Finding objects, optional) get the same ``data["mark"]`` so that
    callers holding them (the exit code) see it too.
    """
    summary = MarkSummary()
    if not marks:
        return summary
    run = store.run(run_id)
    conn = store.db.conn
    wanted = json.dumps(sorted(marks))
    rows = dict(conn.execute(MARKED_SQL, [wanted, run_id]))
    seen_before = _seen_before(store, run["site_id"], run_id,
                               [fp for fp, m in marks.items() if m.status == FIXED and fp not in rows])
    by_fp = {f.fingerprint: f for f in findings or []}
    updates = []
    for fp, mark in sorted(marks.items()):
        if fp not in rows:
            if fp in seen_before:
                summary.recheck_passed.append(fp)
            continue
        if mark.status == NOT_NEEDED:
            value = {"status": NOT_NEEDED, "reason": mark.reason}
            summary.ignored.append(fp)
        else:
            value = {"status": RECHECK_FAILED, "marked": FIXED, "reason": mark.reason}
            summary.recheck_failed.append(fp)
        try:
            data = json.loads(rows[fp] or "{}")
        except (TypeError, ValueError):
            data = {}
        if not isinstance(data, dict):
            data = {}
        data["mark"] = value
        updates.append((json.dumps(data, ensure_ascii=False, default=str), run_id, fp))
        if fp in by_fp:
            by_fp[fp].data["mark"] = value
    with conn:  # one transaction for every mark
        conn.executemany("UPDATE findings SET data = ? WHERE run_id = ? AND fingerprint = ?", updates)
    return summary


# Only the marked findings are read, each by the run's (run_id, fingerprint) key. CROSS JOIN keeps
# the marks outside: SQLite would otherwise walk the run's findings and scan the JSON for each.
MARKED_SQL = ("SELECT f.fingerprint, f.data FROM json_each(?) j CROSS JOIN findings f "
              "ON f.run_id = ? AND f.fingerprint = j.value")


def _seen_before(store, site_id: int, run_id: int, fingerprints: list[str]) -> set[str]:
    """Those of ``fingerprints`` an earlier run of the site reported (the (site_id, fingerprint) index)."""
    if not fingerprints:
        return set()
    return {fp for (fp,) in store.db.conn.execute(
        "SELECT j.value FROM json_each(?) j WHERE EXISTS (SELECT 1 FROM findings f WHERE f.site_id = ? "
        "AND f.fingerprint = j.value AND f.run_id < ?)", [json.dumps(fingerprints), site_id, run_id])}


# -- duwang accept: the 整改清单's 状态 column back into ignore.toml ---------------------------------
STATUS_HEADER, REASON_HEADER, ID_HEADER = "状态", "整改情况", "指纹"


def marks_from_workbook(path: str | Path) -> tuple[dict[str, Mark], set[str]]:
    """(marks of the rows marked 无需整改/已整改, fingerprints of rows marked 待整改 or left blank)."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(str(path), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise MarksError(f"无法读取 {path}: {e}. 请提供 duwang 生成的 report.xlsx（另存为 .xlsx 格式）") from e
    marks: dict[str, Mark] = {}
    open_rows: set[str] = set()
    sheets = 0
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
            if STATUS_HEADER not in header or ID_HEADER not in header:
                continue
            sheets += 1
            si, fi = header.index(STATUS_HEADER), header.index(ID_HEADER)
            ri = header.index(REASON_HEADER) if REASON_HEADER in header else None
            for row in rows:
                cells = list(row) + [None] * len(header)
                fp = str(cells[fi] or "").strip()
                if not fp:
                    continue
                status = str(cells[si] or "").strip()
                reason = str(cells[ri] or "").strip() if ri is not None else ""
                if status in STATUSES:
                    marks[fp] = Mark(fp, status, reason or f"整改清单中标记为{status}（未填写说明）")
                else:
                    open_rows.add(fp)
    finally:
        wb.close()
    if not sheets:
        raise MarksError(f"{path} 中没有带“{STATUS_HEADER}”和“{ID_HEADER}”列的整改清单; "
                          f"请使用 duwang 生成的 report.xlsx")
    return marks, open_rows


def accept_workbook(xlsx: str | Path, out_dir: str | Path) -> tuple[Path, dict[str, int]]:
    """Merge the workbook's marks into ``out_dir/ignore.toml``; rows back at 待整改 drop their mark."""
    marks = load_marks(out_dir)
    found, reopened = marks_from_workbook(xlsx)
    for fp in reopened:
        marks.pop(fp, None)
    marks.update(found)
    path = write_marks(out_dir, marks)
    counts = {s: sum(1 for m in found.values() if m.status == s) for s in STATUSES}
    return path, counts
