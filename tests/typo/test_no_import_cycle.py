"""The typo package imports one way: the shared lexicon sits below both the word model and the
formulation detector (scripts/import_graph.py finds no circle among rules.typo modules)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _script():
    spec = importlib.util.spec_from_file_location("import_graph", ROOT / "scripts" / "import_graph.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_no_import_cycle_inside_the_typo_package():
    g = _script()
    typo_cycles = [c for c in g.cycles(g.graph()) if any(m.startswith("rules.typo") for m in c)]
    assert typo_cycles == []


def test_lexicon_is_below_the_word_model_and_the_formulation_detector():
    edges = _script().graph()
    assert "rules.typo.lexicon" in edges["rules.typo.lm"]
    assert "rules.typo.lexicon" in edges["rules.typo.formulation"]
    assert not edges.get("rules.typo.lexicon", set()) - {"rules.typo.common"}
