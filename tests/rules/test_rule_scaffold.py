"""`duwang rules new`: a scaffolded rule works out of the box in a minimal checkout."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rules.scaffold import class_name, module_name, new_rule

REPO = Path(__file__).resolve().parents[2]
CORE = ["rules/__init__.py", "rules/base.py", "rules/builtin.py", "rules/hookspecs.py",
        "rules/registry.py", "rules/runcache.py", "rules/testing.py", "crawler/__init__.py", "crawler/store.py",
        "crawler/schema.py", "crawler/runs.py", "crawler/linkstate.py", "crawler/textsafe.py"]


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "checkout"
    for rel in CORE:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / rel, root / rel)
    return root


def run_in(root, *args):
    env = {**os.environ, "PYTHONPATH": str(root), "DUWANG_NO_ENTRY_POINTS": "1"}
    return subprocess.run([sys.executable, *args], cwd=root, env=env, capture_output=True,
                          text=True, timeout=120)


def test_names():
    assert module_name("column.orphan") == "column_orphan"
    assert class_name("doc.number_odd") == "DocNumberOdd"


def test_scaffolded_rule_and_its_test_pass(tree):
    written = new_rule("column.orphan", tree)
    rel = sorted(str(p.relative_to(tree)) for p in written)
    assert rel == ["rules/column_orphan.py", "rules/fixtures/column.orphan/bad.json",
                   "rules/fixtures/column.orphan/good.json", "tests/rules/test_column_orphan.py"]
    source = (tree / "rules/column_orphan.py").read_text(encoding="utf-8")
    assert "TODO" not in source and "class ColumnOrphan(Rule)" in source

    found = run_in(tree, "-c", "import rules; from rules.registry import all_rules; "
                               "print(rules.__file__); print([r.id for r in all_rules()])")
    assert found.returncode == 0, found.stderr
    assert str(tree) in found.stdout and "['column.orphan']" in found.stdout

    result = run_in(tree, "-m", "pytest", "tests/rules", "-q", "-p", "no:cacheprovider")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 passed" in result.stdout


@pytest.mark.parametrize("bad_id", ["", "orphan", "Column.Orphan", "column..orphan",
                                    "column.orphan-x", "1column.x", "column.orphan."])
def test_invalid_ids_are_refused(tree, bad_id):
    with pytest.raises(ValueError, match="无效"):
        new_rule(bad_id, tree)
    assert not (tree / "tests").exists()


def test_existing_ids_are_refused(tree):
    new_rule("column.orphan", tree)
    with pytest.raises(ValueError, match="已存在"):
        new_rule("column.orphan", tree)
    (tree / "rules" / "odd_name.py").write_text(
        'from .base import Rule\n\n\nclass X(Rule):\n    id = "link.odd"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="已存在"):
        new_rule("link.odd", tree)


def test_a_directory_without_rules_is_refused(tmp_path):
    with pytest.raises(ValueError, match="rules/base.py"):
        new_rule("column.orphan", tmp_path)
