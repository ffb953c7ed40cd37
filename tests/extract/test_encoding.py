import codecs

from crawler.extract import decode_body

GBK_ONLY = "朱镕基"  # 镕 is GBK, not GB2312


def html(charset: str, text: str) -> str:
    return (f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}"></head>'
            f'<body>{text}</body></html>')


def test_header_gb2312_decodes_as_gb18030():
    body = html("gb2312", GBK_ONLY).encode("gb18030")
    text, enc = decode_body(body, "text/html; charset=gb2312")
    assert enc == "gb18030" and GBK_ONLY in text


def test_meta_only_gbk_labels():
    for label in ("gb2312", "gbk", "GB_2312", "x-gbk", "GB2312"):
        body = html(label, GBK_ONLY).encode("gb18030")
        text, enc = decode_body(body, "text/html")
        assert enc == "gb18030" and GBK_ONLY in text, label


def test_html5_meta_charset():
    body = f'<html><head><meta charset="gbk"></head><body>{GBK_ONLY}</body></html>'.encode("gbk")
    assert decode_body(body, "")[0].count(GBK_ONLY) == 1


def test_header_meta_mismatch_prefers_what_decodes():
    body = html("gbk", "县人民政府召开常务会议").encode("gbk")
    text, enc = decode_body(body, "text/html; charset=utf-8")
    assert enc == "gb18030" and "常务会议" in text and "\ufffd" not in text


def test_header_wins_when_it_decodes():
    body = html("gbk", "县人民政府").encode("utf-8")
    text, enc = decode_body(body, "text/html; charset=UTF-8")
    assert enc == "utf-8" and "县人民政府" in text


def test_bom():
    body = codecs.BOM_UTF8 + "<p>政务公开</p>".encode()
    text, enc = decode_body(body, "text/html; charset=gbk")
    assert "政务公开" in text and not text.startswith("\ufeff")


def test_undeclared_utf8_then_gb18030():
    assert decode_body("<p>政务公开</p>".encode(), "text/html") == ("<p>政务公开</p>", "utf-8")
    text, enc = decode_body("<p>政务公开</p>".encode("gbk"), "text/html")
    assert enc == "gb18030" and "政务公开" in text


def test_never_raises():
    for body, ctype in ((b"", ""), (b"\xff\xfe\x00garbage\x81", "text/html; charset=bogus-enc"),
                        (bytes(range(256)), "text/html; charset=utf-8"), (b"abc", b"text/html")):
        text, enc = decode_body(body, ctype)
        assert isinstance(text, str) and isinstance(enc, str)


def test_gbk_label_on_utf8_bytes():
    body = html("gbk", "县人民政府关于开展工作的通知").encode("utf-8")
    text, enc = decode_body(body, "text/html; charset=gbk")
    assert enc == "utf-8" and "县人民政府关于开展工作的通知" in text
