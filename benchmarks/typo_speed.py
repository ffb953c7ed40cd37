"""Speed of the text.typo rule over a real audit store: model load, seconds, characters/s.

    python3 benchmarks/typo_speed.py --db DIR/audit.db [--run ID] [--compare] [--profile N]
    python3 benchmarks/typo_speed.py --synthetic 100000     # post_crawl_bench.py's "mix" store
    python3 benchmarks/typo_speed.py --new-text             # text no cache has seen (ECSpell's sentences)

Loads the models first (timed apart), then runs ``text.typo`` over the run's pages (the newest
finished run unless ``--run``) and prints the seconds, the characters checked and characters/s,
and how many sentences the per-run sentence cache checked and reused. Pages whose result an earlier run stored
(rules/typo/resultcache.py) are not checked: the line says how many were checked and reused;
``--no-keep`` checks every page and stores nothing (what a first run or an older duwang costs).
``--compare`` also runs the rule with every text checked from scratch (no sentence cache, no
stored results) and says whether the findings are identical; ``--profile N`` prints the N
costliest functions of the cached run (cProfile).
``--new-text`` checks each corrected sentence of ``../shared/data/ecspell-odw-train.tsv`` once
(real official wording, every sentence different): what text that is not boilerplate costs, a
figure the synthetic store (six sentences repeated) cannot give.
The older code: ``git archive COMMIT | tar -x -C /tmp/before`` and run this file with
``PYTHONPATH=/tmp/before`` (without ``--compare``: the old code has no cache to turn off).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, os.environ.get("PYTHONPATH", "").split(os.pathsep)[0] or str(Path(__file__).parents[1]))


def _context(db: Path, run_id: int | None):
    from crawler.store import Store
    from rules.base import AuditContext

    store = Store(db)
    if run_id is None:
        row = store.db.conn.execute("SELECT id, site_id FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    else:
        row = store.db.conn.execute("SELECT id, site_id FROM runs WHERE id = ?", (run_id,)).fetchone()
    if row is None:
        raise SystemExit(f"no run in {db}")
    return AuditContext(store=store, run_id=row[0], site=store.site(row[1]), as_of=date(2026, 12, 1),
                        settings={})


def _chars(ctx) -> int:
    n = sum(min(len(p.get("title") or ""), 1000) + min(len(p.get("text") or ""), 20000)
            for p in ctx.rows("pages", "kind = 'article'"))
    return n + sum(len(i.get("title") or "") for i in ctx.rows("column_items"))


def new_text(path: Path | None = None) -> int:
    """CPU seconds, ms a sentence and characters/s of ``check_text`` over sentences never seen."""
    sys.path.insert(0, str(Path(__file__).parent))
    from typo_data import DEFAULT_DATA, corrected_sentences

    path = path or DEFAULT_DATA
    if not path.exists():
        print(f"{path} not found: --new-text reads the shared data folder", file=sys.stderr)
        return 2
    import rules.typo.api as api

    sentences = sorted(corrected_sentences(path))
    api.warm_up()
    t = time.process_time()
    for sentence in sentences:
        api.check_text(sentence)
    secs = time.process_time() - t
    chars = sum(map(len, sentences))
    print(f"new text: {len(sentences):,} distinct sentences, {chars:,} characters, {secs:.1f} CPU s: "
          f"{1000 * secs / len(sentences):.1f} ms a sentence, {chars / secs:,.0f} characters/s")
    return 0


def _run(rule, ctx):
    t = time.perf_counter()
    found = [(f.url, f.message, f.evidence) for f in rule.check(ctx)]
    return found, time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path)
    ap.add_argument("--synthetic", type=int, default=0,
                    help="build post_crawl_bench.py's realistic store of this many pages instead")
    ap.add_argument("--run", type=int)
    ap.add_argument("--compare", action="store_true", help="also run without the sentence cache")
    ap.add_argument("--profile", type=int, default=0)
    ap.add_argument("--no-keep", action="store_true",
                    help="check every page: neither use nor store the results of earlier runs")
    ap.add_argument("--new-text", action="store_true",
                    help="check each of ECSpell's sentences once instead (text no cache has seen)")
    args = ap.parse_args(argv)
    if args.new_text:
        return new_text()
    if args.synthetic:
        import tempfile

        sys.path.insert(0, str(Path(__file__).parent))
        from post_crawl_bench import build

        from crawler.store import Store

        args.db = Path(tempfile.mkdtemp(prefix="duwang-typo-")) / "synthetic.db"
        t = time.perf_counter()
        store = Store(args.db)
        build(store, args.synthetic, "mix")
        store.close()
        print(f"synthetic store of {args.synthetic:,} pages built in {time.perf_counter() - t:.0f} s")
    if args.db is None or not args.db.exists():
        print(f"store not found: {args.db} (pass --db DIR/audit.db or --synthetic N)", file=sys.stderr)
        return 2
    import rules.typo.api as api

    t = time.perf_counter()
    api.warm_up()
    load = time.perf_counter() - t
    from audits.engine import enabled_rules

    ctx = _context(args.db, args.run)
    rule = next(r for r in enabled_rules({})[0] if r.id == "text.typo")
    rule.keep_results = not args.no_keep
    chars = _chars(ctx)
    print(f"model load (first text): {load:.2f} s; {chars:,} characters of titles and text")
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
    found, secs = _run(rule, ctx)
    if args.profile:
        prof.disable()
        pstats.Stats(prof).sort_stats("cumtime").print_stats(args.profile)
    print(f"text.typo: {len(found)} findings, {secs:.2f} s, {chars / secs:,.0f} characters/s")
    results = getattr(rule, "results", None)
    if results is not None:
        print(f"pages checked: {results.checked:,}; reused from an earlier run: {results.reused:,}")
    cache = getattr(api, "SentenceCache", None)
    if args.compare and cache is not None:
        api.SentenceCache = lambda: None  # every text from scratch
        keep, rule.keep_results = getattr(rule, "keep_results", False), False
        try:
            plain, plain_secs = _run(rule, ctx)
        finally:
            api.SentenceCache = cache
            rule.keep_results = keep
        print(f"without the sentence cache: {len(plain)} findings, {plain_secs:.2f} s, "
              f"{chars / plain_secs:,.0f} characters/s; identical findings: {plain == found}")
        return 0 if plain == found else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
