"""StoreWriter's rows: what reaches SQLite is what ``storable`` makes of every value, and a clean
value is passed on as it is (not copied)."""

from __future__ import annotations

from crawler.pipelines import StoreWriter
from crawler.store import Store
from crawler.textsafe import storable


def _rows(tmp_path, row: dict) -> list:
    store = Store(tmp_path / "audit.db")
    try:
        writer = StoreWriter(store, run_id=1)
        writer._row("column_items", row)
        return writer.pending["column_items"][0]
    finally:
        store.close()


def test_a_clean_row_is_kept_as_it_is(tmp_path):
    title = "关于开展检查的通知\t(第2期)\n"
    values = _rows(tmp_path, {"run_id": 1, "column_url": "http://a.gov.cn/c/", "url": "http://a.gov.cn/1.html",
                              "title": title, "date": "2026-11-18", "source_url": "http://a.gov.cn/c/"})
    assert title in values and 1 in values
    assert next(v for v in values if v == title) is title


def test_every_unstorable_value_of_a_row_is_cleaned(tmp_path):
    bad = {"title": "关于\ud800开展\uffff检查", "url": "http://a.gov.cn/\x00x.html", "date": "2026-11-18\x07"}
    values = _rows(tmp_path, {"run_id": 1, "column_url": "http://a.gov.cn/c/", "source_url": "http://a.gov.cn/c/",
                              **bad})
    for value in bad.values():
        assert value not in values
        assert storable(value) in values
    assert "http://a.gov.cn/c/" in values
