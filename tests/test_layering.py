"""The layers import one way (docs/architecture.md): checked with scripts/import_graph.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _script():
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_no_import_goes_against_the_layering():
    g = _script()
    edges = g.graph()
    against = sorted((s, d) for s, ts in edges.items() for d in ts
                     if d.split(".")[0] not in g.ALLOWED[s.split(".")[0]])
    assert against == []
    assert "findings" in g.PACKAGES and not any(d.startswith("audits") for s, ts in edges.items()
                                                if s.startswith(("reports", "findings")) for d in ts)


def test_the_check_sees_an_import_against_the_layering(tmp_path):
    g = _script()
    path = tmp_path / "x.py"
    path.write_text("def f():\n    from audits.cli import main\n    from findings import verdict\n", encoding="utf-8")
    found = g.imports_of(path, "reports.x", {"audits.cli", "findings.verdict"})
    assert found == {"audits.cli", "findings.verdict"}
    assert [d for d in sorted(found) if d.split(".")[0] not in g.ALLOWED["reports"]] == ["audits.cli"]


def test_no_module_import_cycle_anywhere():
    g = _script()
    assert g.cycles(g.graph()) == []


def test_the_typo_lexicon_is_below_the_word_model_and_the_formulation_detector():
    edges = _script().graph()
    assert "rules.typo.lexicon" in edges["rules.typo.lm"]
    assert "rules.typo.lexicon" in edges["rules.typo.formulation"]
    assert not edges.get("rules.typo.lexicon", set()) - {"rules.typo.common"}


def test_the_spider_does_not_import_the_distributed_workers():
    """Distributed mode builds on the spider and the frontier, never the other way round."""
    edges = _script().graph()
    spider_side = {d for s, ts in edges.items() if s.startswith(("crawler.spiders", "crawler.frontier"))
                   for d in ts}
    assert not {d for d in spider_side if d.startswith("crawler.distributed")}
