"""Discover rules: built-in and third-party rules both come through the ``duwang.rules``
entry-point group, so the engine never imports a rule by name."""

from __future__ import annotations

import os
from functools import cache

import pluggy

from . import hookspecs
from .base import DEDUCTION_STATUSES, LIFECYCLES, SCOPES, SEVERITIES, Rule

ENTRY_POINT_GROUP = "duwang.rules"


def plugin_manager(extra_plugins: tuple = ()) -> pluggy.PluginManager:
    pm = pluggy.PluginManager("duwang")
    pm.add_hookspecs(hookspecs)
    # DUWANG_NO_ENTRY_POINTS=1 keeps third-party plugins out (tests); built-ins still load.
    if os.environ.get("DUWANG_NO_ENTRY_POINTS"):
        from . import builtin

        pm.register(builtin, "builtin")
    else:
        pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
        if not pm.has_plugin("builtin"):
            # Running from a checkout that was never pip-installed: entry points are absent.
            from . import builtin

            pm.register(builtin, "builtin")
    for plugin in extra_plugins:
        pm.register(plugin)
    return pm


class RuleError(ValueError):
    pass


def validate(rule: type[Rule]) -> None:
    if not rule.id or not rule.title or not rule.basis:
        raise RuleError(f"rule {rule!r} lacks id, title or basis")
    if rule.severity not in SEVERITIES:
        raise RuleError(f"rule {rule.id}: severity {rule.severity!r} not in {SEVERITIES}")
    if rule.scope not in SCOPES:
        raise RuleError(f"rule {rule.id}: scope {rule.scope!r} not in {SCOPES}")
    if rule.lifecycle not in LIFECYCLES:
        raise RuleError(f"rule {rule.id}: lifecycle {rule.lifecycle!r} not in {LIFECYCLES}")
    for name, spec in rule.setting_specs().items():
        if not spec.accepts(spec.default):
            raise RuleError(f"rule {rule.id}: setting {name} default {spec.default!r} is not {spec.kind.__name__}")
    d = rule.deduction
    if d is not None and (d.status not in DEDUCTION_STATUSES or d.cap <= 0 or not d.clause):
        raise RuleError(f"rule {rule.id}: deduction needs a clause, a cap > 0 and a status in {DEDUCTION_STATUSES}")


@cache
def _all_rules_cached() -> tuple[type[Rule], ...]:
    return tuple(_collect(plugin_manager()))


def _collect(pm: pluggy.PluginManager) -> list[type[Rule]]:
    seen: dict[str, type[Rule]] = {}
    for batch in pm.hook.register_rules():
        for rule in batch or ():
            validate(rule)
            if rule.id in seen and seen[rule.id] is not rule:
                raise RuleError(f"two rules claim the id {rule.id}: {seen[rule.id]} and {rule}")
            seen[rule.id] = rule
    return sorted(seen.values(), key=lambda r: r.id)


def all_rules(extra_plugins: tuple = ()) -> list[type[Rule]]:
    """Every registered rule class, sorted by id."""
    if extra_plugins:
        return _collect(plugin_manager(extra_plugins))
    return list(_all_rules_cached())


def get_rule(rule_id: str) -> type[Rule]:
    for rule in all_rules():
        if rule.id == rule_id:
            return rule
    raise KeyError(rule_id)
