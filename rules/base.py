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
rule's module; :mod:`rules.testing` loads them into a temporary store. ``snapshot.json`` beside
them pins the findings the bad fixture gives (``pytest --update-snapshots`` rewrites it).

Every fact about a rule is a class attribute of the rule: ``id``, ``title``, ``severity`` (a
:class:`Severity`), ``scope``, ``basis`` and ``basis_status``, ``lifecycle`` (stable / preview /
deprecated), ``settings`` (name -> :class:`Setting`, or name -> default, the type then inferred
from it) and ``deduction`` (a :class:`Deduction`: what a 扣分 finding costs in the verdict).
A third-party rule that sets them is scored and documented like a built-in one.

A rule that reads the text of every page is a :class:`TextRule`: it judges one page at a time
(``read_text``) and the engine reads each text once for all such rules (the shared text pass).
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from rules.runcache import run_cache

if TYPE_CHECKING:
    from crawler.store import Store


class Severity(str, Enum):
    """How much a finding weighs in the verdict: one type for rules, the verdict and the reports.

    A str-Enum, so ``Severity.VETO == "否决"`` and a rule written with the plain string works.
    """

    VETO = "否决"  # 单项否决: one such finding makes the site 不合格
    DEDUCT = "扣分"  # 扣分指标: costs points (the rule's :class:`Deduction`)
    NOTICE = "提示"  # needs a human re-check, or an early warning; never counts

    def __str__(self) -> str:
        return self.value


SEVERITIES = tuple(s.value for s in Severity)  # ("否决", "扣分", "提示")
LIFECYCLES = ("stable", "preview", "deprecated")
BASIS_STATUSES = ("C", "P", "R")
DEDUCTION_STATUSES = ("C", "P", "R", "暂定")
SCOPES = ("site", "column", "page", "link", "text")
DOC_SECTIONS = ("What", "Why", "Basis", "Bad", "Good", "Fix")


class NotConfigured(Exception):
    """Raised by a rule's ``configure`` when it cannot run with the given settings/inputs."""


@dataclass(frozen=True)
class Deduction:
    """What one 扣分 finding of a rule costs in the verdict (:mod:`findings.verdict`).

    ``否决`` findings never deduct (they veto) and ``提示`` findings never count, whatever the
    rule's deduction says.
    """

    points: float  # per finding
    cap: float  # most this rule can take off (the indicator's total)
    clause: str  # where the figure comes from
    status: str  # C / P / R as in criteria.md, or 暂定 (this project's provisional value)
    home_points: float | None = None  # link.broken: per broken link on the home page

    def points_for(self, finding: dict[str, Any]) -> float:
        data = finding.get("data") or {}
        if self.home_points is not None and isinstance(data, dict) and data.get("on_home"):
            return self.home_points
        return self.points


# Names of setting types in messages and the generated docs (user-facing, Chinese).
_TYPE_NAMES = {bool: "布尔值（true/false）", int: "整数", float: "数字", str: "文字",
               list: "列表", dict: "表（键值对）"}


@dataclass(frozen=True)
class Setting:
    """One setting of a rule: its default, its type and a sentence saying what it changes.

    ``type`` defaults to the type of ``default``. A rule may still declare a bare default
    (``settings = {"days": 14}``); :meth:`Rule.setting_specs` turns it into a Setting.
    """

    default: Any
    type: type | None = None
    doc: str = ""

    @property
    def kind(self) -> type:
        return self.type or type(self.default)

    @property
    def type_name(self) -> str:
        return _TYPE_NAMES.get(self.kind, self.kind.__name__)

    def accepts(self, value: Any) -> bool:
        kind = self.kind
        if kind is float:  # TOML and JSON write 1 for 1.0
            return isinstance(value, (int, float)) and not isinstance(value, bool)
        if kind is int:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, kind)


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


@run_cache(65536)  # every page links the same navigation: the same URLs again and again
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
    # What several rules read the same way (rules.policydocs.read_site), read once per run.
    shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def release(self) -> None:
        """Let go of the shared reads and the run caches (:mod:`rules.runcache`); asked again,
        they are read again."""
        from rules import runcache

        self.shared.clear()
        runcache.release()

    def once(self, key: str, compute):
        """``compute()`` the first time ``key`` is asked for on this context, the same value after."""
        if key not in self.shared:
            self.shared[key] = compute()
        return self.shared[key]

    @property
    def site_name(self) -> str:
        return self.site.get("name") or self.site.get("host") or ""

    def query(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict]:
        return self.store.query(sql, params)

    def texts(self) -> Iterator[dict]:
        """url, title, kind and text of every page of the run with a text, in storage order.

        For rules that read every text and report few pages: they sort what they report, which
        is far cheaper than ORDER BY over the pages view (a temporary B-tree of every text).
        A rule that reads every text is a :class:`TextRule`: the engine reads them once for all.
        """
        cursor = self.store.db.conn.execute("SELECT url, title, kind, text FROM pages WHERE run_id = ? "
                                            "AND text IS NOT NULL AND text != ''", [self.run_id])
        return ({"url": url, "title": title, "kind": kind, "text": text} for url, title, kind, text in cursor)

    def dicts(self, sql: str, params: Iterable[Any] = (), *, repeated: Iterable[str] = ()) -> list[dict]:
        """The rows of ``sql`` as dicts, read with the raw connection in one go.

        ``repeated``: columns whose values recur from row to row (a page's column, breadcrumb or
        date): equal values are kept as one object, not one copy a row (for reads kept the
        whole run).
        """
        cursor = self.store.db.conn.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        rows = [dict(zip(names, row)) for row in cursor]
        for name in repeated:
            one: dict[Any, Any] = {}
            for row in rows:
                value = row[name]
                row[name] = one.setdefault(value, value)
        return rows

    def column_names(self) -> dict[str, str]:
        """url -> name ("" when unnamed) of every column of the run; read once per run."""
        return self.once("base.column_names", lambda: {url: name or "" for url, name in self.store.db.conn.execute(
            "SELECT url, name FROM columns WHERE run_id = ?", [self.run_id])})

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
    severity: ClassVar[str] = Severity.NOTICE  # a Severity (or its plain string)
    scope: ClassVar[str] = "page"
    basis: ClassVar[str] = ""  # document + clause, e.g. 国办秘函〔2019〕19号 单项否决·栏目不更新
    # Tag from shared/reference/criteria.md: C = read in a source, P = partly, R = from memory.
    basis_status: ClassVar[str] = "C"
    # Rule ids are a public contract: a rule is never renamed or removed, only deprecated.
    lifecycle: ClassVar[str] = "stable"  # stable | preview | deprecated
    # name -> Setting (or a bare default); overridable per audit and per site in the config file
    settings: ClassVar[dict[str, Any]] = {}
    # what a 扣分 finding costs; None: the verdict falls back to findings.verdict.DEDUCTIONS
    deduction: ClassVar[Deduction | None] = None
    # True: the rule reads what the run's rules share (AuditContext.once: rules.policydocs, the
    # catalog, the platform columns). The engine runs these first (a TextRule's start_texts),
    # then lets the shared reads and run caches go before the text pass and the others
    # (text.typo's models) start; a rule that reads them later anyway only reads them again.
    shared_reads: ClassVar[bool] = False

    def __init__(self, settings: dict[str, Any] | None = None):
        specs = self.setting_specs()
        unknown = set(settings or {}) - set(specs)
        if unknown:
            raise NotConfigured(
                f"规则 {self.id} 不认识这些设置: {', '.join(sorted(unknown))}；"
                f"可用的设置: {', '.join(sorted(specs)) or '无'}")
        merged = {name: copy.deepcopy(spec.default) for name, spec in specs.items()}
        merged.update(settings or {})
        self.config = merged

    @classmethod
    def setting_specs(cls) -> dict[str, Setting]:
        """The rule's settings as :class:`Setting` objects (bare defaults normalised), by name."""
        return {name: value if isinstance(value, Setting) else Setting(default=value)
                for name, value in cls.settings.items()}

    @classmethod
    def validate_settings(cls, settings: dict[str, Any]) -> list[str]:
        """Problems with ``settings`` (name -> value, as read from the config), one message each.

        An unknown name gives a message naming the rule's known settings; a value of the wrong
        type, one naming the expected type. Empty when every setting is known and well typed.
        The messages are plain Chinese, ready to show to the user (exit 2 before any crawl).
        """
        specs = cls.setting_specs()
        known = "、".join(sorted(specs)) or "无"
        problems = []
        for name, value in sorted((settings or {}).items()):
            spec = specs.get(name)
            if spec is None:
                problems.append(f"规则 {cls.id} 没有设置 {name}；可用的设置：{known}")
            elif not spec.accepts(value):
                got = _TYPE_NAMES.get(type(value), type(value).__name__)
                problems.append(f"规则 {cls.id} 的设置 {name} 应为{spec.type_name}，"
                                f"实际是{got}：{value!r}")
        return problems

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
            severity=str(severity or self.severity),
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

    @classmethod
    def snapshot_path(cls) -> Path:
        """``fixtures/<id>/snapshot.json``: the findings the bad fixture gives, pinned."""
        return cls.module_dir() / "fixtures" / cls.id / "snapshot.json"


class TextRule(Rule):
    """A rule that reads the text of every page of the run: the shared text pass.

    Instead of ``check`` it implements :meth:`read_text` (one page) and, when it needs them,
    :meth:`start_texts` (before the first page) and :meth:`finish_texts` (after the last, the
    findings). The engine (:func:`audits.engine.run_rules`) reads each page's text once and
    hands it to every text rule in turn, instead of each rule reading the run's texts itself;
    ``check`` runs the same three steps for this rule alone (fixtures, tests, one rule).

    The pages are those of :meth:`AuditContext.texts` (url, title, kind, text; a non-empty
    text), in storage order, each exactly once. A text rule keeps what it found (not the texts)
    and yields its findings from :meth:`finish_texts`, in the order it wants. When one of the
    three raises, the rule failed as if its ``check`` had raised: what it had yielded is taken
    back, the other rules go on, the run's verdict says 未完成 and names it.
    """

    def start_texts(self, ctx: AuditContext) -> None:
        """Before the first page (read what judging a page needs). With ``shared_reads`` it runs
        while the shared reads are held; then they are let go before the pages are read."""

    def read_text(self, ctx: AuditContext, page: dict) -> None:
        """One page of the run (url, title, kind, text): judge it, keep what was found."""
        raise NotImplementedError

    def finish_texts(self, ctx: AuditContext) -> Iterable[Finding]:
        """After the last page: the findings."""
        return ()

    def check(self, ctx: AuditContext) -> Iterator[Finding]:
        self.start_texts(ctx)
        for page in ctx.texts():
            self.read_text(ctx, page)
        yield from self.finish_texts(ctx)


_SECTION_RE = re.compile(rf"^({'|'.join(DOC_SECTIONS)}):\s*$")


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
