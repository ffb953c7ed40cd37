"""Attachment text: sniffing, extraction with pypdf / python-docx / openpyxl / xlrd, hostile files,
the isolated extraction process, and the download-and-store step against the demo portal."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from crawler import attachments as A
from crawler.demo import files
from crawler.demo.plan import PRIVATE_NUMBERS

ID1, ID2, MOB1, MOB2, CARD = PRIVATE_NUMBERS


@pytest.mark.parametrize("kind, found", [
    ("privacy_pdf", [ID1, MOB1, ID2]), ("privacy_docx", [ID1, ID2, CARD]),
    ("privacy_xlsx", [ID1, MOB1, CARD, ID2]), ("plain_pdf", ["Community A"]),
])
def test_text_is_extracted(kind, found):
    ctype, data = files.attachment_file(kind)
    got = A.extract(data, f"http://x/a.{ctype.rsplit('.', 1)[-1]}")
    assert got.error == "" and got.content_type == ctype
    for text in found:
        assert text in got.text


@pytest.mark.parametrize("kind, error", [
    ("scanned_pdf", "无法读取文字"), ("encrypted_pdf", "已加密"),
    ("bomb_docx", "压缩比异常（疑似压缩炸弹）"), ("malformed_xlsx", "文件损坏"),
])
def test_hostile_and_unreadable_files(kind, error):
    _, data = files.attachment_file(kind)
    assert A.extract(data, "http://x/a.bin").error == error


def test_type_comes_from_the_bytes_not_the_name():
    _, pdf = files.attachment_file("plain_pdf")
    assert A.sniff(pdf, "http://x/a.xlsx") == A.PDF
    assert A.extract(b"<html>404</html>", "http://x/a.pdf").error == "不是可读取的文档"
    assert A.extract(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "http://x/a.doc").error == "暂不支持读取该格式"
    assert A.extract(b"%PDF-1.4\nrubbish", "http://x/a.pdf").error in ("文件损坏", "无法读取文字")


def test_too_many_members_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
        for i in range(A.MAX_MEMBERS + 1):
            z.writestr(f"word/media/{i}.txt", "x")
    assert A.extract(buf.getvalue(), "http://x/a.docx").error == "压缩比异常（疑似压缩炸弹）"


def test_extractor_survives_a_stuck_parser():
    _, data = files.attachment_file("privacy_xlsx")
    with A.Extractor(timeout=20) as extract:
        assert ID1 in extract(data, "a.xlsx").text
        extract.timeout = 0.0001  # a parser that does not answer in time ...
        assert extract(data, "a.xlsx").error == "解析超时"
        extract.timeout = 20  # ... costs only that file: the next one gets a fresh process
        assert ID1 in extract(data, "a.xlsx").text


def test_is_readable():
    assert A.is_readable("http://x/P020.pdf") and A.is_readable("http://x/a.XLSX")
    assert not A.is_readable("http://x/a.zip") and not A.is_readable("http://x/dir.pdf/")


def test_download_stops_at_the_size_cap():
    from crawler.demo import DemoServer, build_portal

    portal = build_portal()
    path = next(p for p, k in portal.plan.attachment_kinds.items() if k == "privacy_docx")
    with DemoServer(portal) as server:
        whole = A.download(server.absolute(path), user_agent="读网 test")
        assert whole.status == 200 and whole.data and whole.etag + whole.last_modified
        capped = A.download(server.absolute(path), user_agent="x", max_bytes=1000)
        assert capped.error == "文件过大" and capped.data == b""
        again = A.download(server.absolute(path), user_agent="x", etag=whole.etag,
                           last_modified=whole.last_modified)
        assert again.status == 304


def test_read_attachments_stores_rows_and_reuses_them_on_304(tmp_path):
    from crawler.demo import DemoServer, build_portal
    from crawler.store import Store
    from crawler.urls import netloc

    portal = build_portal()
    with DemoServer(portal) as server, Store(tmp_path / "audit.db") as store:
        site = store.upsert_site(name="示范县", start_url=server.url, host=netloc(server.url))
        page = server.absolute("/zwgk/tzgg/t1.html")
        paths = sorted(portal.plan.attachment_kinds)
        links = [{"run_id": 0, "site_id": site, "source_url": page, "target_url": server.absolute(p),
                  "anchor": "附件", "kind": "attachment"} for p in paths]
        links.append({**links[0], "target_url": "http://127.0.0.2/elsewhere.pdf"})  # another host: skipped
        first = store.start_run(site, as_of="2026-11-20")
        store.insert_rows("links", [{**l, "run_id": first} for l in links])
        counts = A.read_attachments(store, first, hosts={netloc(server.url)})
        rows = {r["url"]: r for r in store.query("SELECT * FROM attachments WHERE run_id = ?", [first])}
        assert set(rows) == {server.absolute(p) for p in paths}
        assert counts["read"] >= 4 and counts["errors"] == 4
        docx = rows[server.absolute(next(p for p in paths if portal.plan.attachment_kinds[p] == "privacy_docx"))]
        assert ID1 in docx["text"] and docx["linked_from"] == page
        store.finish_run(first)
        second = store.start_run(site, as_of="2026-11-27")
        store.db["runs"].update(second, {"previous_run_id": first})
        store.insert_rows("links", [{**l, "run_id": second} for l in links])
        again = A.read_attachments(store, second, hosts={netloc(server.url)})
        assert again["reused"] == len(paths)
        assert [r["text"] for r in store.query("SELECT text FROM attachments WHERE run_id = ? ORDER BY url",
                                               [second])] == \
               [r["text"] for r in store.query("SELECT text FROM attachments WHERE run_id = ? ORDER BY url",
                                               [first])]
        catalog = server.absolute(next(p for p in paths if portal.plan.attachment_kinds[p] == "catalog_blank_xlsx"))
        stored = json.loads(rows[catalog]["tables"])
        assert stored[0]["rows"][2][4] == "" and stored[0]["total_rows"] == 3
        reused = next(store.query("SELECT tables FROM attachments WHERE run_id = ? AND url = ?", [second, catalog]))
        assert reused["tables"] == rows[catalog]["tables"]  # a 304 keeps the tables too
        assert rows[server.absolute(next(p for p in paths if portal.plan.attachment_kinds[p] == "privacy_pdf"))][
            "tables"] is None


def test_catalog_workbook_rows_fill_merged_cells():
    got = A.extract(files.attachment_file("catalog_blank_xlsx")[1], "http://x/a.xlsx")
    (table,) = got.tables
    assert table["header"][:3] == ["序号", "公开事项/一级事项", "公开事项/二级事项"]
    assert [r[1] for r in table["rows"]] == ["耕地地力保护补贴", "耕地地力保护补贴", "农机购置补贴"]
    assert table["rows"][2][4] == "" and table["rows"][2][6] == ""  # None and " " are blank
    assert A.extract(files.attachment_file("privacy_xlsx")[1], "http://x/b.xlsx").tables == []  # no catalog


def test_docx_catalog_tables_are_kept_with_merged_cells():
    import docx

    document = docx.Document()
    document.add_paragraph("示范县社会救助领域基层政务公开标准目录")
    table = document.add_table(rows=4, cols=6)
    for i, h in enumerate(("序号", "公开事项", "公开内容", "公开依据", "公开时限", "公开主体")):
        table.cell(0, i).text = h
    for r, cells in enumerate((("1", "最低生活保障", "审批结果", "暂行办法", "20日", "县民政局"),
                               ("2", "", "保障标准", "", "20日", "县民政局"),
                               ("3", "特困供养", "供养标准", "暂行办法", "20日", "县民政局")), 1):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    table.cell(1, 1).merge(table.cell(2, 1))  # 最低生活保障 over rows 1-2
    buf = io.BytesIO()
    document.save(buf)
    got = A.extract(buf.getvalue(), "http://x/c.docx")
    assert got.error == "" and len(got.tables) == 1
    rows = got.tables[0]["rows"]
    assert [r[1] for r in rows] == ["最低生活保障", "最低生活保障", "特困供养"]
    assert rows[1][3] == ""


def test_robots_txt_is_obeyed(tmp_path):
    """An attachment robots.txt disallows is recorded, never downloaded."""
    import http.server
    import threading

    from crawler.store import Store

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            hits.append(self.path)
            body = b"User-agent: *\nDisallow: /private/\n" if self.path == "/robots.txt" else \
                files.attachment_file("plain_pdf")[1]
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with Store(tmp_path / "audit.db") as store:
            site = store.upsert_site(name="县", start_url=base + "/", host=base[7:])
            run = store.start_run(site, as_of="2026-11-20")
            store.insert_rows("links", [{"run_id": run, "site_id": site, "source_url": base + "/p.html",
                                         "target_url": base + path, "anchor": "附件", "kind": "attachment"}
                                        for path in ("/private/a.pdf", "/open/b.pdf")])
            A.read_attachments(store, run, hosts={base[7:]})
            rows = {r["url"]: r for r in store.query("SELECT * FROM attachments WHERE run_id = ?", [run])}
    finally:
        server.shutdown()
    assert rows[base + "/private/a.pdf"]["error"] == "robots.txt 不允许读取"
    assert "Community A" in rows[base + "/open/b.pdf"]["text"]
    assert "/private/a.pdf" not in hits
