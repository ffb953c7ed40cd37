"""Link results: a closed set of states (``targets.state``) and reasons (``targets.error``, ``pages.error``).

Only these values are stored. :func:`reason_for` names a failed fetch (an exception of Twisted,
Scrapy or duwang's middlewares) as a :class:`Reason`; :func:`target_state` turns an HTTP status
and a reason into a :class:`LinkState`. Stores written before version 3 held the exception's
class name (``TCPTimedOutError``, ``ConnectionLost``, …); the v3 migration rewrites them with
:func:`parse_reason`, which readers may also use on any stored value.
"""

from __future__ import annotations

from enum import Enum


class LinkState(str, Enum):
    OK = "ok"
    BROKEN = "broken"  # gone: 404/410 and other 4xx, DNS, refused, soft 404, redirect loop / bad redirect
    UNREACHABLE = "unreachable"  # an outage that may pass: 5xx, timeouts, lost connections
    BLOCKED = "blocked"  # a firewall, not a dead link: 401/403/407/429/451, or the site stopped answering
    UNCHECKED = "unchecked"  # over the run's link-check budget: recorded, never sent

    def __str__(self) -> str:
        return self.value


class Reason(str, Enum):
    """Why a fetch gave no usable answer (NULL in the store when the HTTP status says it)."""

    TIMEOUT = "timeout"
    DNS = "dns"
    REFUSED = "refused"
    CONNECTION_LOST = "connection_lost"  # the connection broke before a whole answer came
    TLS = "tls"  # the HTTPS handshake failed (certificate, protocol)
    NETWORK = "network"  # any other network failure
    SOFT404 = "soft404"  # a 200 whose page says it does not exist
    REDIRECT_LOOP = "redirect_loop"
    BAD_REDIRECT = "bad_redirect"  # a malformed or non-http(s) Location, or none
    TOO_LARGE = "too_large"  # over DOWNLOAD_MAXSIZE: not read, not broken
    ROBOTS = "robots"  # robots.txt forbids it: not asked
    SITE_BLOCKED = "site_blocked"  # the site kept answering 403/429: no longer asked
    UNCHECKED = "unchecked"  # over the link-check budget
    HTTP = "http"  # an HTTP error status (the status column says which); never stored in error

    def __str__(self) -> str:
        return self.value


BROKEN_REASONS = frozenset({Reason.DNS, Reason.REFUSED, Reason.SOFT404, Reason.REDIRECT_LOOP, Reason.BAD_REDIRECT})
UNREACHABLE_REASONS = frozenset({Reason.TIMEOUT, Reason.CONNECTION_LOST, Reason.TLS, Reason.NETWORK})
# Not fetched on purpose: not a broken link.
NOT_READ_REASONS = frozenset({Reason.TOO_LARGE, Reason.ROBOTS})
BLOCKING_STATUSES = frozenset({401, 403, 407, 429, 451})

# What stores before version 3 (and Scrapy/Twisted class names) recorded -> the reason.
LEGACY_NAMES = {
    "TimeoutError": Reason.TIMEOUT, "TCPTimedOutError": Reason.TIMEOUT, "DownloadTimeoutError": Reason.TIMEOUT,
    "UserTimeoutError": Reason.TIMEOUT,
    "DNSLookupError": Reason.DNS, "CannotResolveHostError": Reason.DNS,
    "ConnectionRefusedError": Reason.REFUSED, "DownloadConnectionRefusedError": Reason.REFUSED,
    "ConnectionLost": Reason.CONNECTION_LOST, "ConnectionDone": Reason.CONNECTION_LOST,
    "ConnectionAborted": Reason.CONNECTION_LOST, "ResponseFailed": Reason.CONNECTION_LOST,
    "ResponseNeverReceived": Reason.CONNECTION_LOST, "ResponseDataLossError": Reason.CONNECTION_LOST,
    "DownloadFailedError": Reason.CONNECTION_LOST, "PotentialDataLoss": Reason.CONNECTION_LOST,
    "SSLError": Reason.TLS, "Error": Reason.NETWORK,  # OpenSSL.SSL.Error's name is "Error"
    "BadRedirect": Reason.BAD_REDIRECT, "DownloadCancelledError": Reason.TOO_LARGE, "SiteBlocked": Reason.SITE_BLOCKED,
}


def parse_reason(value: str | None) -> Reason | None:
    """The reason a stored ``error`` means; None for none or a lowercase code this duwang does
    not know (a newer one's: no judgement). Any other class name is a network failure."""
    if not value:
        return None
    try:
        return Reason(value)
    except ValueError:
        pass
    if value in LEGACY_NAMES:
        return LEGACY_NAMES[value]
    if not value[:1].isupper():
        return None
    if "ssl" in value.lower() or "tls" in value.lower():
        return Reason.TLS
    return Reason.NETWORK


def reason_for(exception: BaseException) -> Reason:
    """Name a failed fetch: the one place exceptions become stored reasons."""
    names = [cls.__name__ for cls in type(exception).__mro__]
    for name in names:  # Twisted's classes, Scrapy ≥ 2.13's wrappers, duwang's own (SiteBlocked)
        if name in LEGACY_NAMES and name not in ("Error", "IgnoreRequest"):
            return LEGACY_NAMES[name]
    text = str(exception).lower()
    if ("maximum" in text or "max redirections" in text) and "redirect" in text:
        return Reason.REDIRECT_LOOP
    # Scrapy cancels a download only when the body outgrows DOWNLOAD_MAXSIZE (its message says
    # "larger than" or "cancelling download" when there is a Content-Length).
    if "larger than" in text or "maxsize" in text or "cancelling download" in text:
        return Reason.TOO_LARGE
    if "robots.txt" in text or "IgnoreRequest" in names and "robots" in text:
        return Reason.ROBOTS
    if "ssl" in text or "certificate" in text or any("SSL" in n or "TLS" in n for n in names):
        return Reason.TLS
    return Reason.NETWORK


def target_state(status: int, error: str | None = None) -> LinkState:
    """The state of a checked link target from its HTTP status and stored reason.

    unchecked: a link check beyond the run's budget (middlewares/checkbudget.py), recorded,
    never sent. broken: 404/410 and other client errors, DNS failure, refused connection, soft
    404, redirect loop, a redirect to a malformed or non-http(s) Location, or one with none (a
    3xx that reached the spider was not followed). blocked: 403/429 (and 401/407/451) after
    retries: a firewall, not a dead link. unreachable: 5xx, timeouts and lost connections after
    retries: an outage that may pass.
    """
    reason = parse_reason(error)
    if reason in BROKEN_REASONS:
        return LinkState.BROKEN
    if reason is Reason.UNCHECKED:
        return LinkState.UNCHECKED
    if reason is Reason.SITE_BLOCKED:
        return LinkState.BLOCKED
    if reason in UNREACHABLE_REASONS:
        return LinkState.UNREACHABLE
    if status in BLOCKING_STATUSES:
        return LinkState.BLOCKED
    if status >= 500:
        return LinkState.UNREACHABLE
    if status >= 400 or (300 <= status < 400 and status != 304):
        return LinkState.BROKEN
    if status == 0:
        # No response and no classified error (robots.txt, oversize, ...): not a broken link.
        return LinkState.OK if reason in NOT_READ_REASONS else LinkState.UNREACHABLE
    return LinkState.OK
