"""Post-crawl benchmark: column aggregation and every rule over a large synthetic store.

    python3 benchmarks/post_crawl_bench.py                     # 100,000 pages, both shapes
    python3 benchmarks/post_crawl_bench.py --pages 20000 --shape listing
    python3 benchmarks/post_crawl_bench.py --timeout 120       # give up on a step after 120 s

Two shapes of one crawled run are written straight into a fresh store (no crawl):

* ``mix``: a realistic portal: a few thousand columns (policy documents, interpretations,
  news, notices), each with a few listing pages, and articles for the rest (text, a document
  row for most, column items, links to the navigation and to neighbours, a few broken links);
* ``listing``: the worst case for the aggregation: every page is a listing of its own column.

It prints the seconds of :func:`crawler.runner.finalize_run` (the aggregation a crawl ends
with), of each step of the rules as the audit runs them (:func:`audits.engine.run_rules`: each
rule, the shared pass over the page texts and each text rule's findings after it, the findings
stored as they come, as the audit does), of the diff against the previous run and of the reports. A step that
takes longer than ``--timeout`` is interrupted (``sqlite3.Connection.interrupt``) and shown
as ``> N s``. The script only uses the store's public tables, so it runs unchanged against an
older checkout (``git worktree add /tmp/before main``, then run this file with
``PYTHONPATH=/tmp/before``) for a before/after figure.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

sys.path.insert(0, os.environ.get("PYTHONPATH", "").split(os.pathsep)[0] or str(Path(__file__).parents[1]))

from crawler.store import Store  # noqa: E402

HOST = "http://www.example.gov.cn"
AS_OF = date(2026, 11, 20)
NAMES = ["县政府文件", "政府办文件", "部门文件", "政策解读", "工作动态", "乡镇动态", "通知公告",
         "人事信息", "财政预决算", "规划计划", "统计信息", "建议提案办理"]
SENTENCES = [
    "为深入贯彻落实党中央、国务院决策部署，进一步优化营商环境，现将有关事项通知如下。",
    "各乡镇人民政府，县直各部门：现将《实施方案》印发给你们，请结合实际认真贯彻落实。",
    "会议要求，要加强宣传引导，及时回应群众关切，营造良好社会氛围。",
    "截至目前，全县已有四十二个村完成农村人居环境整治工作任务，覆盖群众九千余人。",
    "县农业农村局相关负责人表示，将以此次活动为契机，进一步提升服务水平。",
    "本办法自印发之日起施行，由县人民政府办公室负责解释。",
]


def _text(rnd: random.Random, n: int) -> str:
    return "".join(rnd.choice(SENTENCES) for _ in range(n))


def _pages_cols(table: str, row: dict) -> tuple[str, list]:
    cols = list(row)
    return f"INSERT OR REPLACE INTO [{table}] ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", cols


class Writer:
    """Buffered executemany per table (fast enough for a few million rows)."""

    def __init__(self, store: Store):
        self.conn = store.db.conn
        self.buf: dict[str, tuple[str, list[str], list[list]]] = {}

    def add(self, table: str, row: dict) -> None:
        if table not in self.buf:
            sql, cols = _pages_cols(table, row)
            self.buf[table] = (sql, cols, [])
        sql, cols, rows = self.buf[table]
        rows.append([row.get(c) for c in cols])
        if len(rows) >= 5000:
            self.flush(table)

    def flush(self, table: str | None = None) -> None:
        for name in [table] if table else list(self.buf):
            sql, cols, rows = self.buf[name]
            if rows:
                self.conn.execute("BEGIN")
                self.conn.executemany(sql, rows)
                self.conn.execute("COMMIT")
                rows.clear()


def build(store: Store, pages: int, shape: str, seed: int = 7) -> tuple[int, dict]:
    """One finished run of one site with ``pages`` pages; returns (run_id, counts)."""
    rnd = random.Random(seed)
    site_id = store.upsert_site(name="示范县人民政府", start_url=HOST + "/", host="www.example.gov.cn")
    run_id = store.start_run(site_id, as_of=AS_OF.isoformat())
    w = Writer(store)
    counts = dict.fromkeys(("pages", "columns", "column_items", "documents", "links", "targets"), 0)

    def add(table: str, row: dict) -> None:
        counts[table] += 1
        w.add(table, {"run_id": run_id, **row})

    if shape == "listing":
        n_columns, per_column = pages - 1, 1
    else:
        n_columns, per_column = max(10, pages // 33), 3
    columns = [f"{HOST}/c{i}/" for i in range(n_columns)]
    nav = columns[:15]
    home = HOST + "/"
    page_no = 0

    def page(url: str, kind: str, column: str | None, title: str, text: str, crumbs: list[str]) -> None:
        nonlocal page_no
        page_no += 1
        add("pages", {"site_id": site_id, "url": url, "final_url": url, "status": 200,
                      "fetched_at": "2026-11-20T01:00:00+00:00", "content_hash": f"{page_no:040x}",
                      "encoding": "utf-8", "bytes": 20000 + len(text), "etag": f'"{page_no:x}"',
                      "last_modified": "Fri, 20 Nov 2026 01:00:00 GMT", "revalidated": 0, "kind": kind,
                      "title": title, "text": text, "column_url": column, "depth": 2,
                      "breadcrumb": json.dumps(crumbs, ensure_ascii=False),
                      "meta": json.dumps({"ColumnName": crumbs[-1]}, ensure_ascii=False)})
        add("targets", {"url": url, "status": 200, "state": "ok", "checked_at": "2026-11-20T01:00:00+00:00"})
        for target in nav:
            add("links", {"site_id": site_id, "source_url": url, "target_url": target, "anchor": "栏目",
                          "kind": "internal", "hidden": 0})

    page(home, "home", home, "示范县人民政府", _text(rnd, 3), ["首页"])
    add("columns", {"site_id": site_id, "url": home, "name": "首页", "path": "首页", "kind": "home",
                    "pages": 1, "cms": "plain"})
    article = 0
    budget = pages - 1
    for ci, col in enumerate(columns):
        name = NAMES[ci % len(NAMES)] if shape == "mix" else f"栏目{ci}"
        add("columns", {"site_id": site_id, "url": col, "name": name, "path": f"首页 > {name}",
                        "kind": "listing", "pages": 1, "cms": "plain"})
        listing_pages = [col] + [f"{col}index_{k}.html" for k in range(1, per_column)]
        for lp in listing_pages:
            if budget <= 0:
                break
            budget -= 1
            page(lp, "listing", col, name, "", ["首页", name])
        if shape == "listing":
            for k in range(10):  # a listing of ten other listings (and of itself once)
                target = columns[(ci * 7 + k) % n_columns]
                add("column_items", {"column_url": col, "url": target, "title": f"栏目{k}",
                                     "date": f"2026-{1 + k % 11:02d}-{1 + ci % 28:02d}", "source_url": col})
    if shape == "mix":
        while budget > 0:
            budget -= 1
            article += 1
            ci = article % n_columns
            col = columns[ci]
            name = NAMES[ci % len(NAMES)]
            url = f"{col}2026{1 + article % 11:02d}/t2026_{article}.html"
            day = f"2026-{1 + article % 11:02d}-{1 + article % 28:02d}"
            title = (f"关于印发示范县第{article}号实施方案的通知" if "文件" in name
                     else f"《示范县第{article - 3}号实施方案》政策解读" if name == "政策解读"
                     else f"示范县召开第{article}次工作推进会")
            page(url, "article", col, title, _text(rnd, rnd.randrange(6, 20)), ["首页", name])
            add("column_items", {"column_url": col, "url": url, "title": title, "date": day,
                                 "source_url": col + (f"index_{article % per_column}.html"
                                                      if article % per_column else "")})
            if "文件" in name or name == "政策解读":
                number = "" if article % 50 == 0 else f"示政发〔2026〕{article}号"
                add("documents", {"site_id": site_id, "url": url, "title": title, "doc_number": number,
                                  "publisher": "示范县人民政府", "publish_date": day,
                                  "fields": json.dumps({"文号": number}, ensure_ascii=False)})
            if article % 40 == 0:
                broken = f"{HOST}/gone/{article}.html"
                add("links", {"site_id": site_id, "source_url": url, "target_url": broken, "anchor": "附件",
                              "kind": "internal", "hidden": 0})
                add("targets", {"url": broken, "status": 404, "state": "broken",
                                "checked_at": "2026-11-20T01:00:00+00:00"})
    w.flush()  # no ANALYZE here: finalize_run (the aggregation step) gathers statistics as a crawl does
    return run_id, counts


class Timer:
    """Times one step; interrupts the store's connection after ``timeout`` seconds."""

    def __init__(self, store: Store, timeout: float):
        self.store, self.timeout = store, timeout
        self.cpu = 0.0  # CPU seconds of the steps timed so far

    def __call__(self, label: str, fn) -> float:
        timer = threading.Timer(self.timeout, self.store.db.conn.interrupt)
        timer.start()
        start, cpu = time.perf_counter(), time.process_time()
        note = ""
        try:
            fn()
        except Exception as e:  # sqlite3.OperationalError: interrupted, or a rule's own error
            note = f"  (stopped: {type(e).__name__}: {str(e)[:60]})"
        finally:
            timer.cancel()
        secs, cpu = time.perf_counter() - start, time.process_time() - cpu
        self.cpu += cpu
        shown = f"> {self.timeout:.0f}" if note and "interrupt" in note else f"{secs:.2f}"
        # CPU seconds too: on a shared machine the wall clock also counts the other jobs' time
        print(f"  {label:<44} {shown:>9} s  cpu {cpu:7.2f} s{note}", flush=True)
        return secs


def collecting_writer(store: Store, run_id: int, site_id: int):
    """The audit's :class:`findings.records.FindingsWriter`, also keeping the findings (for the
    later steps) and the seconds spent storing them."""
    from findings.records import FindingsWriter

    class Writer(FindingsWriter):
        def __init__(self):
            super().__init__(store, run_id, site_id)
            self.found: list = []
            self.seconds = self.cpu = 0.0

        def add(self, f) -> None:
            self.found.append(f)
            super().add(f)

        def flush(self) -> None:
            start, cpu = time.perf_counter(), time.process_time()
            super().flush()
            self.seconds += time.perf_counter() - start
            self.cpu += time.process_time() - cpu

        def start_rule(self) -> None:
            super().start_rule()
            self.first = len(self.found)

        def rule_failed(self) -> None:  # what the failed rule yielded goes
            super().rule_failed()
            del self.found[self.first:]

    return Writer()


def bench(pages: int, shape: str, timeout: float, tmp: Path, skip: set[str] = frozenset()) -> None:
    from audits.engine import run_rules
    from crawler.runner import finalize_run

    path = tmp / f"post-{shape}-{pages}.db"
    store = Store(path)
    t0 = time.perf_counter()
    run_id, counts = build(store, pages, shape)
    print(f"\n== {shape}: {', '.join(f'{v:,} {k}' for k, v in counts.items())} "
          f"(built in {time.perf_counter() - t0:.0f} s, {path.stat().st_size / 2**20:.0f} MiB)", flush=True)
    step = Timer(store, timeout)
    step("aggregation (finalize_run)", lambda: finalize_run(store, run_id))
    writer = collecting_writer(store, run_id, 1)
    wall, cpu = time.perf_counter(), step.cpu
    # What the audit does (audits.engine.run_rules): the rules that share reads, the text rules
    # over one shared pass of the texts, the others; each step timed, the findings stored as they come.
    in_pass: dict[str, float] = {}
    run_rules(store, run_id, as_of=AS_OF, rule_config={"disable": sorted(skip)} if skip else {},
              step=step, writer=writer, pass_seconds=in_pass)
    for rule_id, secs in sorted(in_pass.items()):
        print(f"  {'  in the text pass: ' + rule_id:<44} {'':>9}    cpu {secs:7.2f} s", flush=True)
    label = "all rules" + (" but " + ", ".join(sorted(skip)) if skip else "")
    print(f"  {label:<44} {time.perf_counter() - wall:>9.2f} s  cpu {step.cpu - cpu:7.2f} s", flush=True)
    print(f"  {'  of which storing the findings':<44} {writer.seconds:>9.2f} s  cpu {writer.cpu:7.2f} s",
          flush=True)
    findings_steps(store, step, run_id, writer.found)
    store.close()


def findings_steps(store: Store, step, run_id: int, found: list) -> None:
    """Storing the findings, the diff against a previous run, the inspector's marks, the
    verdict and the end of the run.

    The previous run (no pages of its own) holds nine in ten of these findings and as many
    again that are gone, so the diff reads every page this run examined. One finding in twenty
    is marked (ignore.toml), half 无需整改 and half 已整改, and so is one gone finding in forty (已整改).
    """
    from findings.history import diff_runs
    from findings.ignore import Mark, apply_marks
    from findings.records import save_findings
    from findings.verdict import verdict_for_run

    print(f"  ({len(found):,} findings, stored by the rules' step as the audit does)", flush=True)
    prev = store.start_run(1, as_of=AS_OF.isoformat())
    older = [f for i, f in enumerate(found) if i % 10]
    gone = [replace(f, fingerprint=f"gone{i:012d}") for i, f in enumerate(found)]
    save_findings(store, prev, 1, older + gone)
    step("diff against a previous run", lambda: diff_runs(store, run_id, against=prev))
    marks = {f.fingerprint: Mark(f.fingerprint, "无需整改" if i % 2 else "已整改", "已核实")
             for i, f in enumerate(found[::20])}
    marks.update((f.fingerprint, Mark(f.fingerprint, "已整改", "已改正")) for f in gone[1::40])
    step(f"marks ({len(marks):,})", lambda: apply_marks(store, run_id, marks, found))
    step("verdict", lambda: verdict_for_run(store, run_id))
    store.db.conn.execute("UPDATE runs SET previous_run_id = ? WHERE id = ?", [prev, run_id])
    step("finish run", lambda: store.finish_run(run_id))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=100_000)
    parser.add_argument("--shape", choices=["mix", "listing", "both"], default="both")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a step is given up")
    parser.add_argument("--skip", default="", help="rule ids left out, comma-separated (e.g. text.typo)")
    args = parser.parse_args()
    import crawler.store

    print(f"code: {Path(crawler.store.__file__).parents[1]}; {os.cpu_count()} cores", flush=True)
    with tempfile.TemporaryDirectory(prefix="duwang-post-") as d:
        for shape in (["mix", "listing"] if args.shape == "both" else [args.shape]):
            bench(args.pages, shape, args.timeout, Path(d), {r for r in args.skip.split(",") if r})


if __name__ == "__main__":
    main()
