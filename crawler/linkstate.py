"""How a fetch outcome maps to a link target's state (the ``targets.state`` column)."""

from __future__ import annotations

BROKEN_ERRORS = frozenset({"dns", "refused", "soft404", "redirect_loop", "bad_redirect"})
UNREACHABLE_ERRORS = frozenset({"timeout", "TimeoutError", "TCPTimedOutError", "ConnectionLost",
                                "ResponseFailed", "ResponseNeverReceived", "DownloadTimeoutError",
                                "ResponseDataLossError", "DownloadFailedError"})
BLOCKING_STATUSES = frozenset({401, 403, 407, 429, 451})


def target_state(status: int, error: str | None = None) -> str:
    """ok | broken | unreachable | blocked | unchecked.

    unchecked (未检查): a link check beyond the run's budget (middlewares/checkbudget.py),
    recorded, never sent.

    broken: 404/410 and other client errors, DNS failure, refused connection, soft 404,
    redirect loop, a redirect to a malformed or non-http(s) Location, or one with none (a 3xx
    that reached the spider was not followed). blocked: 403/429 (and 401/407/451) after retries: a firewall, not a dead
    link. unreachable: 5xx and timeouts after retries: an outage that may pass.
    """
    if error in BROKEN_ERRORS:
        return "broken"
    if error == "unchecked":
        return "unchecked"
    if error == "site_blocked":
        return "blocked"
    if error in UNREACHABLE_ERRORS:
        return "unreachable"
    if status in BLOCKING_STATUSES:
        return "blocked"
    if status >= 500:
        return "unreachable"
    if status >= 400 or (300 <= status < 400 and status != 304):
        return "broken"
    if status == 0:
        # No response and no classified error (robots.txt, oversize, ...): not a broken link.
        return "ok" if error in ("too_large", "robots") else "unreachable"
    return "ok"
