"""The typo detectors run in time linear in the text (a hostile 200,000-character title)."""

import time

import pytest

from rules.typo import api

# One long clause (no punctuation) with typos, a post and a name, a traditional word: every
# detector has work to do at every position.
UNIT = "县人民政府关于印发优化营商环境若干措施的通知已按装设备再接再励大数局产业副局长王喆带队检查經驗"


def _seconds(detectors, n):
    text = (UNIT * (n // len(UNIT) + 1))[:n]
    start = time.perf_counter()
    api.check_text(text, detectors)
    return time.perf_counter() - start


@pytest.mark.parametrize("detectors", [None, ["statistical"]])
def test_ten_times_the_text_takes_about_ten_times_as_long(detectors):
    api.warm_up()
    _seconds(detectors, 5_000)  # fill the caches of the text's words
    small = min(_seconds(detectors, 5_000) for _ in range(2))
    large = _seconds(detectors, 50_000)
    # Linear gives about 10; quadratic about 100. The bound is generous for a shared machine.
    assert large / small < 30, (small, large)
