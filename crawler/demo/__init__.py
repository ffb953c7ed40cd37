"""The demo county portal: a generated, deterministic 示范县 government site with planted defects.

``duwang demo`` serves it on 127.0.0.1 and audits it; the end-to-end tests crawl it; the
benchmark scales it to 20,000+ pages. See :func:`build_portal`, :class:`Portal` and
:class:`DemoServer`; ``Portal.expected()`` / ``Portal.controls()`` are the manifest.

Decisions recorded in the manifest:

- A 相关解读 link that sits only inside a ``display:none`` block counts as NOT linked
  (inspectors judge what a visitor sees), so that document is an expected
  ``interpretation.unlinked`` finding.
- The redirect loop ``/loop/a`` ↔ ``/loop/b`` is an expected ``link.broken`` (the page can
  never be opened); 403/429/503 targets are ``link.unreachable``, never broken.
- External targets are written ``{EXTERNAL}/…`` and ``{DEAD}/…`` in the manifest;
  ``DemoServer.absolute(target)`` turns them (and site paths) into absolute URLs.
- ``Portal.changes()`` lists what revision 2 adds, removes and modifies; everything else is
  byte-identical with the same ETag and Last-Modified.
"""

from .plan import DEMO_AS_OF
from .portal import Portal, build_portal
from .server import DemoServer, ExternalSite, serve_forever

__all__ = ["DEMO_AS_OF", "DemoServer", "ExternalSite", "Portal", "build_portal", "serve_forever"]
