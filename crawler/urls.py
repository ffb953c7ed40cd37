"""URL canonicalisation, scope and trap protection for portal crawls."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}
# ASP.NET cookieless session state in the path: /(S(x1y2z3))/page.aspx, /(A(..)S(..)F(..))/...
_ASPNET_SESSION = re.compile(r"/\((?:[A-Z]\([^()/]*\))+\)(?=/|$)")
# A calendar in the path: /cal/2026/11/ or /cal/2026/11/20/ (optionally an index page after it).
_PATH_CALENDAR = re.compile(
    r"^(?P<prefix>.*?)/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])(?:/(?:0?[1-9]|[12]\d|3[01]))?/?"
    r"(?:index\.\w+|default\.\w+)?$", re.I)
_SESSION_PARAMS = re.compile(r"^(jsessionid|phpsessid|sid|sessionid|_t|_|timestamp|rnd|random)$", re.I)
ATTACHMENT_EXTS = frozenset(
    "pdf doc docx xls xlsx wps et ofd zip rar 7z txt ppt pptx csv dps jpg jpeg png gif bmp tif tiff mp4 mp3".split())


@lru_cache(maxsize=65536)  # navigation links repeat on every page of a portal
def canonical(url: str) -> str:
    """Lower-case scheme and host, drop default port, fragment and session parameters,
    resolve ``.``/``..`` segments, keep query order (portals depend on it)."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    path = parts.path or "/"
    # ";jsessionid=..." path parameters and ASP.NET "/(S(...))" cookieless sessions
    path = re.sub(r";jsessionid=[^/?#]*", "", path, flags=re.I)
    if "(" in path:
        path = _ASPNET_SESSION.sub("", path) or "/"
    if "." in path:
        trailing = path.endswith("/")
        path = posixpath.normpath(path)
        if trailing and not path.endswith("/"):
            path += "/"
        if path.startswith("//"):
            path = "/" + path.lstrip("/")
    query = parts.query
    if query:
        pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
                 if not _SESSION_PARAMS.match(k)]
        query = urlencode(pairs)
    return urlunsplit((scheme, netloc, path, query, ""))


_INDEX_FILE = re.compile(r"/(?:index|default|main)\.(?:html?|shtml|jhtml|jsp|php|aspx?)$", re.I)


@lru_cache(maxsize=65536)
def same_page(url: str) -> str:
    """The identity of a page: :func:`canonical` with a directory's index file dropped, so
    ``/x/``, ``/x/index.html``, ``/x/index.shtml`` and ``/x/default.htm`` are one page (one
    column). The URL to fetch stays the canonical one; this is the key it is known by."""
    url = canonical(url)
    parts = urlsplit(url)
    path = _INDEX_FILE.sub("/", parts.path)
    if path == parts.path:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, parts.query, ""))


def netloc(url: str) -> str:
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    return host if port in (None, _DEFAULT_PORTS.get(parts.scheme.lower())) else f"{host}:{port}"


def is_attachment(url: str) -> bool:
    path = urlsplit(url).path.lower()
    if "downfile" in path or "download" in path and "filename=" in url.lower():
        return True
    ext = path.rsplit(".", 1)[-1] if "." in path.rsplit("/", 1)[-1] else ""
    return ext in ATTACHMENT_EXTS


class TrapGuard:
    """Refuses URLs that look like crawler traps: endless calendars and query permutations,
    repeating path segments, very long URLs.

    Counts are per path: at most ``max_query_variants`` distinct query strings of one path
    (a calendar page ``/calendar?month=N`` linking to ``N+1`` forever stops there), and as many
    distinct dates of a calendar in the path (``/cal/2026/11/20/`` linking to the next day).
    ASP.NET cookieless session ids (``/(S(x1y2))/page.aspx``) never reach the guard:
    :func:`canonical` removes them, so every session's copy of a page is the same URL.
    """

    def __init__(self, *, max_url_length: int = 512, max_query_variants: int = 50,
                 max_segment_repeats: int = 2, max_path_depth: int = 15):
        self.max_url_length = max_url_length
        self.max_query_variants = max_query_variants
        self.max_segment_repeats = max_segment_repeats
        self.max_path_depth = max_path_depth
        self._variants: dict[str, set[str]] = defaultdict(set)  # distinct query strings per path

    def reason(self, url: str) -> str | None:
        """Why ``url`` is refused, or None when it may be crawled. Counts the URL as seen
        (asking twice about the same URL counts it once)."""
        if len(url) > self.max_url_length:
            return "url_too_long"
        parts = urlsplit(url)
        segments = [s for s in parts.path.split("/") if s]
        if len(segments) > self.max_path_depth:
            return "path_too_deep"
        counts: dict[str, int] = defaultdict(int)
        for s in segments:
            counts[s] += 1
            if counts[s] > self.max_segment_repeats:
                return "repeating_path"
        if parts.query and not self.admit_variant(f"{parts.netloc}{parts.path}", parts.query):
            return "query_trap"
        calendar = _PATH_CALENDAR.match(parts.path)
        if calendar and not self.admit_variant(f"{parts.netloc}{calendar['prefix']}/<date>", parts.path):
            return "calendar_trap"
        return None

    def admit_variant(self, path: str, query: str) -> bool:
        """Count ``query`` as a variant of ``path``; False once the path has its maximum."""
        seen = self._variants[path]
        if query not in seen:
            if len(seen) >= self.max_query_variants:
                return False
            seen.add(query)
        return True
