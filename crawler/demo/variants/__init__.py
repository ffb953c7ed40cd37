"""Demo variants: the same planted defects on portals built the way other CMSs build them.

``build_variant(name)`` returns a portal that :class:`~crawler.demo.server.DemoServer` serves
like the original demo; ``expected()`` / ``controls()`` are its manifest. ``VARIANTS`` names
them: ``empire`` (EmpireCMS-like, GBK without any charset, HTML pagers) and ``siteserver``
(SiteServer-like channels, ``a.box`` items, PC + mobile metadata blocks).
"""

from __future__ import annotations

from .base import VariantPortal
from .empire import build_empire
from .siteserver import build_siteserver

VARIANTS = {"empire": build_empire, "siteserver": build_siteserver}


def build_variant(name: str, seed: int = 7) -> VariantPortal:
    try:
        build = VARIANTS[name]
    except KeyError:
        raise ValueError(f"unknown demo variant {name!r}; choose one of {', '.join(VARIANTS)}") from None
    return build(seed=seed)


__all__ = ["VARIANTS", "VariantPortal", "build_variant"]
