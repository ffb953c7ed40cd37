"""Print the project's import graph between its layers, and the edges that break the layering.

    python3 scripts/import_graph.py            # edges between top-level packages and sub-packages
    python3 scripts/import_graph.py --modules  # every module-to-module edge

The layers run one way (crawl -> SQLite -> rules -> findings -> reports, the audit run and the
command line on top): crawler (fetch, extract, store) <- rules <- findings (stored findings,
coverage, history, verdict) <- reports <- audits (the audit run, the command line).
An edge that goes the other way is printed under "against the layering", and import cycles
between modules under "cycles". Reads the source with ``ast``; runs nothing.
"""

from __future__ import annotations

import argparse
import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("crawler", "rules", "findings", "reports", "audits")
# which top-level package may import which (the rest is against the layering)
ALLOWED = {
    "crawler": {"crawler"},
    "rules": {"crawler", "rules"},
    "findings": {"crawler", "rules", "findings"},
    "reports": {"crawler", "rules", "findings", "reports"},
    "audits": {"crawler", "rules", "findings", "reports", "audits"},
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    """Project modules imported anywhere in ``path`` (function-level imports included).

    ``from pkg import name`` is an edge to ``pkg.name`` when that is a module, else to ``pkg``.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = name.split(".")
                base = base[: len(base) - node.level + (1 if is_pkg else 0)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            subs = {f"{mod}.{a.name}" for a in node.names} & modules
            out.update(subs)
            if len(subs) < len(node.names):
                out.add(mod)
    return {m for m in out if m.split(".")[0] in PACKAGES}


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py")}
    edges: dict[str, set[str]] = defaultdict(set)
    for name, path in modules.items():
        for target in imports_of(path, name, set(modules)):
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]
    sys.setrecursionlimit(10000)

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in list(edges):
        if v not in index:
            visit(v)
    return out


def group(name: str) -> str:
    parts = name.split(".")
    return ".".join(parts[:2]) if len(parts) > 2 else parts[0] if len(parts) == 1 else ".".join(parts[:2])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--modules", action="store_true", help="print every module-to-module edge")
    args = ap.parse_args(argv)
    edges = graph()
    shown: dict[str, set[str]] = defaultdict(set)
    for src, targets in edges.items():
        for dst in targets:
            if args.modules:
                shown[src].add(dst)
            elif group(src) != group(dst):
                shown[group(src)].add(group(dst))
    for src in sorted(shown):
        print(f"{src} -> {', '.join(sorted(shown[src]))}")
    against = sorted((s, d) for s, ts in edges.items() for d in ts
                     if d.split(".")[0] not in ALLOWED[s.split(".")[0]])
    print(f"\nagainst the layering: {len(against)}")
    for s, d in against:
        print(f"  {s} -> {d}")
    cyc = cycles(edges)
    print(f"cycles: {len(cyc)}")
    for c in cyc:
        print("  " + " <-> ".join(c))
    return 1 if against or cyc else 0


if __name__ == "__main__":
    sys.exit(main())
