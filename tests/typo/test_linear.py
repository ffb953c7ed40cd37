"""The typo detectors do work linear in the text (a hostile long title without punctuation).

Work is counted as function calls (``sys.setprofile``), not timed: the count is the same on a
busy machine and a quiet one.
"""

import pytest

from rules.typo import api

from .work import count_calls

# One long clause (no punctuation) with typos, a post and a name, a traditional word: every
# detector has work to do at every position.
UNIT = "县人民政府关于印发优化营商环境若干措施的通知已按装设备再接再励大数局产业副局长王喆带队检查經驗"


def _calls(detectors, n):
    text = (UNIT * (n // len(UNIT) + 1))[:n]
    return count_calls(api.check_text, text, detectors)


@pytest.mark.parametrize("detectors", [None, ["statistical"]])
def test_ten_times_the_text_takes_about_ten_times_the_work(detectors):
    api.warm_up()
    _calls(detectors, 5_000)  # fill the caches of the text's words
    small = _calls(detectors, 5_000)
    large = _calls(detectors, 50_000)
    # Linear gives about 10; quadratic about 100.
    assert large / small < 30, (small, large)
