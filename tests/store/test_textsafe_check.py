"""``is_storable``: the fast check a batch of values is made before storing must agree with
``storable`` on every code point, alone and inside other text."""

from __future__ import annotations

from crawler.textsafe import is_storable, storable


def test_is_storable_agrees_with_storable_on_every_code_point_that_matters():
    # the whole BMP, and the start and the end (the non-characters) of every other plane
    ends = (*range(0x100), *range(0xFF00, 0x10000))
    points = [*range(0x10000), *(plane << 16 | low for plane in range(1, 17) for low in ends)]
    disagree = []
    for cp in points:
        text = "文" + chr(cp) + "a"
        if is_storable(text) != (storable(text) == text):
            disagree.append(hex(cp))
    assert disagree == []


def test_is_storable_on_joined_text():
    clean = "\n".join(["为深入贯彻落实", "http://a.example.gov.cn/c/", "tab\there", "\ufdcf\ufdf0\ufffd"])
    assert is_storable(clean)
    for bad in ("\ud800", "\ufdd0", "\uffff", "\U0001fffe", "\U0010ffff", "\x00", "\x1f", "\x0b"):
        assert not is_storable(clean + bad + clean), repr(bad)
    assert is_storable("")
