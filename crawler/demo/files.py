"""Real attachment files of the demo portal (for attachment text and privacy.exposed).

Each builder returns (content type, bytes), made once and cached. Texts are ASCII in the PDFs
(a base-14 font has no Chinese glyphs) and Chinese in the docx/xlsx.
"""

from __future__ import annotations

import io
import zipfile
from functools import cache

from .plan import PRIVATE_NUMBERS

PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def text_pdf(lines: list[str]) -> bytes:
    """A one-page PDF whose text layer holds ``lines`` (ASCII), built by hand (xref included)."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    ops = ["BT", "/F1 11 Tf", "72 770 Td"]
    for line in lines:
        ops += [f"({esc(line)}) Tj", "0 -16 Td"]
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >>"
        b" /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])


def scanned_pdf() -> bytes:
    """A page that only paints (like a scan): no text layer."""
    stream = b"0.8 g 72 500 450 250 re f"
    return _pdf([
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ])


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def docx_file(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def xlsx_file(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "公示名单"
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


CATALOG_HEADER = [["序号", "公开事项", "公开事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                   "公开对象", "公开方式"],
                  ["序号", "一级事项", "二级事项", "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                   "公开对象", "公开方式"]]


def catalog_xlsx(rows: list[list[str]], merges: list[str]) -> bytes:
    """A 标准目录 workbook: the two header levels (merged as the national template has them)
    above ``rows``; ``merges`` are extra merged ranges (an 一级事项 over several items)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "标准目录"
    for row in CATALOG_HEADER + rows:
        ws.append(row)
    for rng in ["A1:A2", "B1:C1", "D1:D2", "E1:E2", "F1:F2", "G1:G2", "H1:H2", "I1:I2", "J1:J2"] + merges:
        ws.merge_cells(rng)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bomb_docx() -> bytes:
    """A .docx whose document.xml inflates a thousandfold (the reader must refuse it)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr("word/document.xml", b"<w:document>" + b"\x20" * (16 * 1024 * 1024) + b"</w:document>")
    return buf.getvalue()


@cache
def attachment_file(kind: str) -> tuple[str, bytes]:
    id1, id2, mob1, mob2, card = PRIVATE_NUMBERS
    if kind == "privacy_pdf":
        return PDF_TYPE, text_pdf(["Temporary relief list 2026 Q4", f"1 Chen ID {id1} Tel {mob1}",
                                   f"2 Lin ID {id2} Tel {mob2}"])
    if kind == "privacy_docx":
        return DOCX_TYPE, docx_file(["示范县2026年第四季度临时救助对象名单",
                                     f"1. 城关镇 陈某某 身份证号 {id1} 联系电话 {mob1}",
                                     f"2. 东岭镇 林某某 身份证号 {id2} 社会保障卡 {card}",
                                     "公示期内，一但发现不符合救助条件的，请及时向县民政局反映。"])
    if kind == "privacy_xlsx":
        return XLSX_TYPE, xlsx_file([["序号", "姓名", "身份证号", "联系电话", "银行卡号"],
                                     ["1", "陈某某", id1, mob1, card], ["2", "林某某", id2, mob2, ""]])
    if kind == "document_docx":
        return DOCX_TYPE, docx_file(["示范县人民政府文件", "示政(2026)21号",
                                     "示范县人民政府关于印发示范县临时救助实施细则的通知",
                                     "各乡镇人民政府，县直有关单位：现将《示范县临时救助实施细则》印发给你们，请认真贯彻执行。"])
    if kind == "masked_xlsx":
        return XLSX_TYPE, xlsx_file([["序号", "姓名", "身份证号", "联系电话"],
                                     ["1", "黄某某", "350102********1234", "138****5678"]])
    if kind == "plain_pdf":
        return PDF_TYPE, text_pdf(["2026 renovation plan of old residential communities",
                                   "Community A: 120 households; Community B: 86 households"])
    if kind == "scanned_pdf":
        return PDF_TYPE, scanned_pdf()
    if kind == "encrypted_pdf":
        return PDF_TYPE, encrypted_pdf()
    if kind == "bomb_docx":
        return DOCX_TYPE, zip_bomb_docx()
    if kind == "catalog_blank_xlsx":  # row 3 (农机购置补贴): 公开依据 and 公开主体 blank
        return XLSX_TYPE, catalog_xlsx([
            ["1", "耕地地力保护补贴", "补贴发放", "补贴对象、标准", "财政部有关规定", "20个工作日内", "县农业农村局",
             "政府网站", "全社会", "主动"],
            ["2", None, "补贴标准", "补贴标准、资金规模", "财政部有关规定", "20个工作日内", "县农业农村局", "政府网站",
             "全社会", "主动"],
            ["3", "农机购置补贴", "补贴结果", "购机者、补贴额", None, "20个工作日内", " ", "政府网站", "特定群体",
             "依申请"]], ["B3:B4"])
    if kind == "catalog_clean_xlsx":
        return XLSX_TYPE, catalog_xlsx([
            ["1", "最低生活保障", "审批结果", "对象姓名、保障金额", "《社会救助暂行办法》", "20个工作日内", "县民政局",
             "政府网站", "全社会", "主动"],
            ["2", None, "保障标准", "城乡低保标准", "《社会救助暂行办法》", "标准调整后20个工作日内", "县民政局",
             "政府网站", "全社会", "主动"]], ["B3:B4"])
    if kind == "malformed_xlsx":
        return XLSX_TYPE, b"PK\x03\x04" + b"\x00" * 64 + b"not really a workbook"
    raise KeyError(kind)


def special(kinds: dict[str, str], path: str) -> tuple[str, bytes] | None:
    """The real file served at ``path`` (``kinds``: the plan's path -> file kind), or None for
    the ordinary stub attachments."""
    kind = kinds.get(path)
    return attachment_file(kind) if kind else None
