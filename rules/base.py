"""The rule API: what a rule is, what it receives and what it yields.

A rule is one class in one module under ``rules/`` (or in a third-party package),
registered through the ``duwang.rules`` entry-point group (see :mod:`rules.registry`).
Its class docstring has fixed sections from which ``duwang rules`` and the docs pages are
generated::

    One-line summary (the title in English).

    What:
        ...
    Why:
        ...
    Basis:
        ...
    Bad:
        ... (a situation that fires)
    Good:
        ... (a situation that does not)
    Fix:
        ...

Fixtures: ``fixtures/<rule id>/bad.json`` (must fire) and ``good.json`` (must not) beside the
rule's module; :mod:`rules.testing` loads them into a temporary store.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from crawler.store import Store

SEVERITIES = ("否决", "扣分", "提示")  # veto, deduction, notice
SCOPES = ("site", "column", "page", "link", "text")
DOC_SECTIONS = ("What", "Why", "Basis", "Bad", "Good", "Fix")


class NotConfigured(Exception):
    """Raised by a rule's ``configure`` when it cannot run with the given settings/inputs."""


@dataclass
class Finding:
    """One problem a rule saw. Field names are part of the findings.json contract."""

    rule: str
    site: str
    url: str
    title: str
    message: str
    evidence: str
    basis: str
    severity: str
    target: str = ""
    fingerprint: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def fingerprint(rule_id: str, *parts: str) -> str:
    """A stable identity for a problem, independent of run, date and wording.

    Rules pass what identifies the problem (the column URL, the broken target, the typo and
    its page), never counts or dates that change from run to run.
    """
    h = hashlib.sha1()
    h.update(rule_id.encode())
    for p in parts:
        h.update(b"\x1f")
        h.update(normalize_url(p).encode() if p.startswith("http") else p.encode())
    return h.hexdigest()[:16]


def normalize_url(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


@dataclass
class AuditContext:
    """What a rule receives: a read-only view of one run of one site, and the date to judge."""

    store: Store
    run_id: int
    site: dict[str, Any]
    as_of: date
    settings: dict[str, Any]

    @property
    def site_name(self) -> str:
        return self.site.get("name") or self.site.get("host") or ""

    def query(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict]:
        return self.store.query(sql, params)

    def rows(self, table: str, where: str = "", params: Iterable[Any] = (),
             order_by: str = "") -> Iterator[dict]:
        """Rows of ``table`` for this run; ``where`` is ANDed to the run filter."""
        sql = f"SELECT * FROM [{table}] WHERE run_id = ?"
        if where:
            sql += f" AND ({where})"
        if order_by:
            sql += f" ORDER BY {order_by}"
        return self.store.query(sql, [self.run_id, *params])


class Rule:
    """Base class of every rule. Subclasses set the class attributes and implement ``check``."""

    id: ClassVar[str] = ""
    title: ClassVar[str] = ""  # Chinese, one line: 空白栏目
    severity: ClassVar[str] = "提示"
    scope: ClassVar[str] = "page"
    basis: ClassVar[str] = ""  # document + clause, e.g. 国办秘函〔2019〕19号 单项否决·栏目不更新
    # Tag from shared/reference/criteria.md: C = read in a source, P = partly, R = from memory.
    basis_status: ClassVar[str] = "C"
    settings: ClassVar[dict[str, Any]] = {}  # defaults; overridable per site in the config file

    def __init__(self, settings: dict[str, Any] | None = None):
        merged = dict(self.settings)
        unknown = set(settings or {}) - set(merged)
        if unknown:
            raise NotConfigured(
                f"规则 {self.id} 不认识这些设置: {', '.join(sorted(unknown))}；"
                f"可用的设置: {', '.join(sorted(merged)) or '无'}")
        merged.update(settings or {})
        self.config = merged

    def check(self, ctx: AuditContext) -> Iterable[Finding]:
        raise NotImplementedError

    # -- helpers for subclasses -----------------------------------------------------------
    def finding(self, ctx: AuditContext, *, url: str, message: str, evidence: str,
                key: Iterable[str], target: str = "", title: str | None = None,
                severity: str | None = None, data: dict | None = None) -> Finding:
        return Finding(
            rule=self.id,
            site=ctx.site_name,
            url=url,
            target=target,
            title=title or self.title,
            message=message,
            evidence=evidence,
            basis=self.basis,
            severity=severity or self.severity,
            fingerprint=fingerprint(self.id, *key),
            data=data or {},
        )

    # -- documentation ------------------------------------------------------------------
    @classmethod
    def docs(cls) -> dict[str, str]:
        """The docstring's sections, keyed by section name, plus ``summary``."""
        return parse_doc_sections(cls.__doc__ or "")

    @classmethod
    def module_dir(cls) -> Path:
        import sys

        return Path(sys.modules[cls.__module__].__file__).parent

    @classmethod
    def fixture_paths(cls) -> dict[str, Path]:
        base = cls.module_dir() / "fixtures" / cls.id
        return {name: base / f"{name}.json" for name in ("bad", "good")}


_SECTION_RE = re.compile(r"^(%s):\s*$" % "|".join(DOC_SECTIONS))


def parse_doc_sections(doc: str) -> dict[str, str]:
    lines = doc.expandtabs().splitlines()
    # Dedent everything but the first line (PEP 257 style).
    indents = [len(l) - len(l.lstrip()) for l in lines[1:] if l.strip()]
    cut = min(indents) if indents else 0
    lines = [lines[0].strip()] + [l[cut:] for l in lines[1:]] if lines else []
    out: dict[str, list[str]] = {"summary": []}
    current = "summary"
    for line in lines:
        m = _SECTION_RE.match(line.strip()) if not line.startswith(" ") else None
        if m:
            current = m.group(1)
            out[current] = []
            continue
        out.setdefault(current, []).append(line[4:] if line.startswith("    ") else line)
    return {k: "\n".join(v).strip() for k, v in out.items()}


def findings_to_json(findings: Iterable[Finding]) -> str:
    return json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=2)
