import pytest

from crawler.extract.dates import all_dates, parse_date


@pytest.mark.parametrize("raw, iso", [
    ("2026-11-18", "2026-11-18"), ("[2026-11-18]", "2026-11-18"), ("(2026-11-18)", "2026-11-18"),
    ("2026年11月18日", "2026-11-18"), ("2026/11/18 10:30", "2026-11-18"), ("2026.11.18", "2026-11-18"),
    ("2026-1-8", "2026-01-08"), ("发布时间：2026年1月8日 09:30", "2026-01-08"), ("2026-\n01-\n23", "2026-01-23"),
    ("2020年08月02日", "2020-08-02"), ("2026-02-14 17:32", "2026-02-14"),
])
def test_forms(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize("raw", ["2026-13-01", "2026-02-30", "", None, "无", "12345678", "2026-00-10"])
def test_invalid(raw):
    assert parse_date(raw) is None


def test_skips_invalid_then_finds_valid():
    assert parse_date("2026-02-30 或 2026-03-01") == "2026-03-01"
    assert all_dates("2026-01-02 至 2026年2月3日") == ["2026-01-02", "2026-02-03"]
