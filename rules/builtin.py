"""The built-in rules, registered as the first plugin of the ``duwang.rules`` group.

Every module directly under ``rules/`` that defines a :class:`rules.base.Rule` subclass with an
``id`` is a built-in rule: adding a rule is adding a module (``duwang rules new NAME``), with no
list to edit here.
"""

from __future__ import annotations

import importlib
import pkgutil

from .base import Rule
from .hookspecs import hookimpl


def discover(package: str = "rules") -> list[type[Rule]]:
    pkg = importlib.import_module(package)
    found: list[type[Rule]] = []
    for info in pkgutil.iter_modules(pkg.__path__):
        if info.ispkg or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and issubclass(value, Rule) and value is not Rule
                    and value.__module__ == module.__name__ and value.id):
                found.append(value)
    return sorted(found, key=lambda r: r.id)


@hookimpl
def register_rules():
    return discover()
