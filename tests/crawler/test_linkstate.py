"""crawler.linkstate: exceptions become closed reasons; states come from status + reason."""

from __future__ import annotations

import pytest
from scrapy.exceptions import IgnoreRequest
from twisted.internet.error import ConnectionLost, ConnectionRefusedError, DNSLookupError, TCPTimedOutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

from crawler.linkstate import LinkState, Reason, parse_reason, reason_for, target_state
from crawler.middlewares.politeness import SiteBlocked


@pytest.mark.parametrize(("exception", "reason"), [
    (TCPTimedOutError(), Reason.TIMEOUT), (DNSLookupError(), Reason.DNS), (ConnectionRefusedError(), Reason.REFUSED),
    (ConnectionLost(), Reason.CONNECTION_LOST), (ResponseFailed([]), Reason.CONNECTION_LOST),
    (ResponseNeverReceived([]), Reason.CONNECTION_LOST), (SiteBlocked("x"), Reason.SITE_BLOCKED),
    (IgnoreRequest("Forbidden by robots.txt"), Reason.ROBOTS), (ValueError("odd"), Reason.NETWORK),
])
def test_every_exception_becomes_one_of_the_reasons(exception, reason):
    assert reason_for(exception) is reason


@pytest.mark.parametrize(("stored", "state"), [
    ("TCPTimedOutError", "unreachable"), ("ConnectionLost", "unreachable"), ("timeout", "unreachable"),
    ("connection_lost", "unreachable"), ("refused", "broken"), ("DNSLookupError", "broken"),
    ("too_large", "ok"), ("robots", "ok"), ("unchecked", "unchecked"), ("site_blocked", "blocked"),
])
def test_old_class_names_and_new_reasons_give_the_same_state(stored, state):
    assert target_state(0, stored) == state and isinstance(target_state(0, stored), LinkState)


def test_parse_reason_is_closed():
    assert parse_reason(None) is None
    assert parse_reason("SomeFutureError") is Reason.NETWORK
    assert parse_reason("SSLError") is Reason.TLS
    assert parse_reason("a_newer_code") is None
    assert target_state(404) == "broken" and target_state(503) == "unreachable" and target_state(429) == "blocked"
