"""Attachment text: download the portal's pdf / doc(x) / xls(x) attachments once per run, extract
their text, store it (table ``attachments``) for the text rules.

Libraries (the field's usual ones): **pypdf** for PDF, **python-docx** for .docx, **openpyxl** for
.xlsx, **xlrd** for .xls. The catalog-like tables of an xlsx or docx are kept as rows of cells too
(column ``tables``, for catalog.elements); .xls and PDF give text only. Old binary Word (.doc)
and WPS/ET files are recorded as unsupported.

A hostile file never crashes a run and is never executed:

- the download stops at ``max_bytes`` (then: 文件过大);
- the type is sniffed from the first bytes (``%PDF``, OLE2, ZIP with ``word/`` or ``xl/``), not
  taken from the URL or the Content-Type header; anything else is 不是可读取的文档;
- ZIP containers (docx, xlsx) are checked before they are opened: at most ``MAX_MEMBERS`` members,
  ``MAX_UNZIPPED`` bytes in all, compression ratio at most ``MAX_RATIO`` (a zip bomb: 压缩比异常);
- encrypted PDFs are 已加密; malformed files are 文件损坏;
- extraction runs in a separate process (:class:`Extractor`) with a memory limit and a time limit
  per file, so a parser stuck in a loop or eating memory costs only that file (解析超时 / 解析失败);
- a PDF whose pages carry no text layer (a scan) is 无法读取文字 (no OCR here).

Downloads are polite: one request at a time per run, robots.txt obeyed when the crawl obeys it,
and a re-inspection sends ``If-None-Match`` / ``If-Modified-Since`` and reuses the previous run's
row on 304.
"""

from __future__ import annotations

import io
import json
import logging
import multiprocessing
import urllib.request
import zipfile
from dataclasses import asdict, dataclass, field
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

from .extract.tables import MAX_ROWS, tables_from_grids

logger = logging.getLogger(__name__)

READABLE_EXTS = frozenset({"pdf", "doc", "docx", "xls", "xlsx", "wps", "et"})
MAX_BYTES = 20 * 1024 * 1024  # per attachment on the wire
MAX_FILES = 500  # attachments read per run
MAX_MEMBERS = 2000  # entries of a docx/xlsx container
MAX_UNZIPPED = 200 * 1024 * 1024  # uncompressed bytes of a container
MAX_RATIO = 200  # uncompressed / compressed of a container
MAX_PDF_PAGES = 300
TEXT_CAP = 200_000  # characters of text kept per attachment
TABLES_MAX_BYTES = 5 * 1024 * 1024  # an xlsx larger than this keeps its text only (no tables)
TIMEOUT = 30.0  # seconds of extraction per file (in the child process)
MEMORY_LIMIT = 1024 * 1024 * 1024  # address space of the extraction process

NO_TEXT = "无法读取文字"  # a scan: no text layer
ERRORS = {
    "too_large": "文件过大", "not_document": "不是可读取的文档", "unsupported": "暂不支持读取该格式",
    "encrypted": "已加密", "bomb": "压缩比异常（疑似压缩炸弹）", "malformed": "文件损坏",
    "timeout": "解析超时", "failed": "解析失败", "no_text": NO_TEXT,
}

PDF, DOCX, XLSX, XLS, OLE, ZIP = "application/pdf", \
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document", \
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", \
    "application/vnd.ms-excel", "application/x-ole-storage", "application/zip"


@dataclass
class Extracted:
    content_type: str
    text: str = ""
    error: str = ""  # Chinese, one of ERRORS' values; "" when the text was read
    # catalog-like tables (xlsx sheets, docx tables) as rows of cells: crawler/extract/tables.py
    tables: list = field(default_factory=list)


def is_readable(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.rsplit(".", 1)[-1] in READABLE_EXTS if "." in path.rsplit("/", 1)[-1] else False


# -- sniffing and extraction (pure) -----------------------------------------------------------------
def tables_json(tables: list) -> str | None:
    """The ``attachments.tables`` value: JSON, or NULL when the file holds no catalog-like table."""
    return json.dumps(tables, ensure_ascii=False) if tables else None



def sniff(data: bytes, url: str = "") -> str:
    """The document type from the bytes themselves."""
    head = data[:8]
    if data[:1024].lstrip().startswith(b"%PDF"):
        return PDF
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return XLS if urlsplit(url).path.lower().endswith((".xls", ".et")) else OLE
    if head.startswith(b"PK\x03\x04"):
        try:
            names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        except (zipfile.BadZipFile, ValueError, OSError):
            return ZIP
        if any(n.startswith("word/") for n in names):
            return DOCX
        if any(n.startswith("xl/") for n in names):
            return XLSX
        return ZIP
    return "application/octet-stream"


def _zip_ok(data: bytes) -> str:
    """'' when the container is safe to open, else an ERRORS key."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return "malformed"
    if len(infos) > MAX_MEMBERS:
        return "bomb"
    unzipped = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if unzipped > MAX_UNZIPPED or unzipped / packed > MAX_RATIO:
        return "bomb"
    return ""


def _pdf_text(data: bytes) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return Extracted(PDF, error=ERRORS["encrypted"])
            except Exception:  # noqa: BLE001 - unsupported cipher, bad key
                return Extracted(PDF, error=ERRORS["encrypted"])
        parts, size = [], 0
        for page in reader.pages[:MAX_PDF_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            size += len(text)
            if size > TEXT_CAP:
                break
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        return Extracted(PDF, error=ERRORS["malformed"])
    text = "\n".join(parts).strip()[:TEXT_CAP]
    if not "".join(text.split()):
        return Extracted(PDF, error=ERRORS["no_text"])
    return Extracted(PDF, text=text)


def _docx_text(data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        parts = [p.text for p in document.paragraphs]
        grids = []
        for table in document.tables:
            grid = [[cell.text for cell in row.cells] for row in table.rows]  # merged cells repeat
            grids.append(grid)
            parts += [" ".join(row) for row in grid]
    except Exception:  # noqa: BLE001 - python-docx raises KeyError, ValueError, lxml errors ...
        return Extracted(DOCX, error=ERRORS["malformed"])
    text = "\n".join(p for p in parts if p).strip()[:TEXT_CAP]
    if not text:
        return Extracted(DOCX, error=ERRORS["no_text"])
    return Extracted(DOCX, text=text, tables=tables_from_grids(grids))


def _cells_text(rows) -> str:
    lines, size = [], 0
    for row in rows:
        line = " ".join(str(v) for v in row if v not in (None, ""))
        if line:
            lines.append(line)
            size += len(line)
            if size > TEXT_CAP:
                break
    return "\n".join(lines)[:TEXT_CAP]


def _xlsx_text(data: bytes) -> Extracted:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            text = "\n".join(_cells_text(ws.iter_rows(values_only=True)) for ws in wb.worksheets)
        finally:
            wb.close()
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds on a bad file
        return Extracted(XLSX, error=ERRORS["malformed"])
    text = text.strip()[:TEXT_CAP]
    if not text:
        return Extracted(XLSX, error=ERRORS["no_text"])
    return Extracted(XLSX, text=text, tables=_xlsx_tables(data))


def _xlsx_tables(data: bytes) -> list:
    """The catalog-like sheets as rows, a merged range's value in each of its cells (the full
    workbook is loaded for the merged ranges: only for files up to TABLES_MAX_BYTES)."""
    from openpyxl import load_workbook

    if len(data) > TABLES_MAX_BYTES:
        return []
    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
        grids = []
        for ws in wb.worksheets:
            grid = [list(r) for r in ws.iter_rows(max_row=min(ws.max_row, MAX_ROWS + 10), values_only=True)]
            for merged in ws.merged_cells.ranges:
                value = ws.cell(merged.min_row, merged.min_col).value
                for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                    for c in range(merged.min_col, min(merged.max_col, len(grid[r - 1])) + 1):
                        grid[r - 1][c - 1] = value
            grids.append(grid)
        wb.close()
    except Exception:  # noqa: BLE001 - the text was read; a table the library cannot give is left out
        return []
    return tables_from_grids(grids)


def _xls_text(data: bytes) -> Extracted:
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, on_demand=True)
        parts = []
        for sheet in book.sheets():
            parts.append(_cells_text(sheet.row_values(r) for r in range(sheet.nrows)))
    except Exception as e:  # noqa: BLE001 - xlrd.XLRDError, struct errors, ...
        if "encrypt" in str(e).lower():
            return Extracted(XLS, error=ERRORS["encrypted"])
        return Extracted(XLS, error=ERRORS["malformed"])
    text = "\n".join(parts).strip()[:TEXT_CAP]
    return Extracted(XLS, text=text) if text else Extracted(XLS, error=ERRORS["no_text"])


def extract(data: bytes, url: str = "") -> Extracted:
    """Text of one attachment's bytes (in this process: use :class:`Extractor` on files
    from the network)."""
    kind = sniff(data, url)
    if kind in (DOCX, XLSX):
        problem = _zip_ok(data)
        if problem:
            return Extracted(kind, error=ERRORS[problem])
    if kind == PDF:
        return _pdf_text(data)
    if kind == DOCX:
        return _docx_text(data)
    if kind == XLSX:
        return _xlsx_text(data)
    if kind == XLS:
        return _xls_text(data)
    if kind == ZIP and _zip_ok(data) == "malformed":
        return Extracted(kind, error=ERRORS["malformed"])
    if kind in (OLE, ZIP):
        return Extracted(kind, error=ERRORS["unsupported"])
    return Extracted(kind, error=ERRORS["not_document"])


def _serve(conn) -> None:  # pragma: no cover - runs in the child process
    """The extraction process: (data, url) in, Extracted as a dict out, until the pipe closes."""
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    except (ImportError, ValueError, OSError):
        pass
    while True:
        try:
            data, url = conn.recv()
        except (EOFError, OSError):
            return
        try:
            result = asdict(extract(data, url))
        except BaseException:  # noqa: BLE001 - MemoryError, RecursionError: report, never hang
            result = asdict(Extracted(sniff(data, url), error=ERRORS["failed"]))
        conn.send(result)


class Extractor:
    """:func:`extract` in a separate process with a memory and a time limit per file. One process
    serves a whole run; it is replaced when a file kills it or runs over time."""

    def __init__(self, timeout: float = TIMEOUT):
        self.timeout = timeout
        self._proc = None
        self._conn = None

    def _start(self) -> None:
        ctx = multiprocessing.get_context("spawn")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_serve, args=(child,), daemon=True)
        self._proc.start()
        child.close()

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._proc is not None:
            self._proc.join(1)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join(1)
        self._proc = self._conn = None

    def __call__(self, data: bytes, url: str = "") -> Extracted:
        if self._proc is None or not self._proc.is_alive():
            self._stop()
            self._start()
        try:
            self._conn.send((data, url))
            if self._conn.poll(self.timeout):
                return Extracted(**self._conn.recv())
            error = ERRORS["timeout"]
        except (EOFError, OSError, TypeError, BrokenPipeError):
            error = ERRORS["failed"]
        self._stop()  # stuck or dead: the next file gets a fresh process
        return Extracted(sniff(data, url), error=error)

    def close(self) -> None:
        self._stop()

    def __enter__(self) -> Extractor:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


# -- download and store --------------------------------------------------------------------------------
@dataclass
class Fetched:
    status: int
    data: bytes = b""
    etag: str = ""
    last_modified: str = ""
    error: str = ""


def download(url: str, *, user_agent: str, max_bytes: int = MAX_BYTES, timeout: float = 20.0,
             etag: str = "", last_modified: str = "") -> Fetched:
    """GET ``url`` (conditional when validators are given), stopping at ``max_bytes``."""
    # the same UTF-8 bytes Scrapy sends (http.client wants latin-1 strings)
    headers = {"User-Agent": user_agent.encode("utf-8").decode("latin-1")}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as resp:  # noqa: S310 - http(s) only, checked
            declared = resp.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                return Fetched(resp.status, error=ERRORS["too_large"])
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                return Fetched(resp.status, error=ERRORS["too_large"])
            return Fetched(resp.status, data, resp.headers.get("ETag") or "",
                           resp.headers.get("Last-Modified") or "")
    except HTTPError as e:
        return Fetched(e.code, error="" if e.code == 304 else f"HTTP {e.code}")
    except (URLError, OSError, ValueError) as e:
        return Fetched(0, error=f"无法下载：{type(e).__name__}")


ROBOTS_MAX_BYTES = 512 * 1024


def _robots(url: str, user_agent: str, cache: dict, timeout: float = 20.0) -> bool:
    """robots.txt allows ``url`` (fetched once per host, with a timeout and a size cap)."""
    parts = urlsplit(url)
    base = f"{parts.scheme}://{parts.netloc}"
    if base not in cache:
        got = download(base + "/robots.txt", user_agent=user_agent, max_bytes=ROBOTS_MAX_BYTES,
                       timeout=timeout)
        parser = RobotFileParser(base + "/robots.txt")
        if got.status in (401, 403):
            parser.disallow_all = True
        elif got.status == 200 and not got.error:
            parser.parse(got.data.decode("utf-8", "replace").splitlines())
        else:
            parser.allow_all = True  # no robots.txt (404, network error): everything allowed
        cache[base] = parser
    return cache[base].can_fetch(user_agent, url)


def attachment_links(store, run_id: int, hosts: set[str]) -> dict[str, list[str]]:
    """Readable attachments linked from the run's pages on the portal's hosts -> linking pages."""
    from .urls import netloc

    hosts = {h.lower() for h in hosts}
    out: dict[str, list[str]] = {}
    for row in store.query("SELECT source_url, target_url FROM links WHERE run_id = ? AND kind = 'attachment' "
                           "ORDER BY target_url, source_url", [run_id]):
        url = row["target_url"]
        if urlsplit(url).scheme in ("http", "https") and netloc(url) in hosts and is_readable(url):
            out.setdefault(url, []).append(row["source_url"])
    return out


def read_attachments(store, run_id: int, *, hosts: set[str], user_agent: str = "duwang",
                     max_bytes: int = MAX_BYTES, max_files: int = MAX_FILES, obey_robots: bool = True,
                     timeout: float = 20.0) -> dict[str, int]:
    """Download, extract and store the run's attachments; returns counts (read, reused, errors)."""
    from .store import utcnow

    run = store.run(run_id)
    previous = {r["url"]: r for r in store.query(
        "SELECT * FROM attachments WHERE run_id = ?", [run.get("previous_run_id")])} \
        if run.get("previous_run_id") else {}
    done = {r["url"] for r in store.query("SELECT url FROM attachments WHERE run_id = ?", [run_id])}
    counts = {"read": 0, "reused": 0, "errors": 0}
    robots: dict = {}
    with Extractor() as extractor:
        for n, (url, sources) in enumerate(sorted(attachment_links(store, run_id, hosts).items())):
            if n >= max_files:
                break
            if url in done:  # resumed run: never fetched twice
                continue
            row = {"run_id": run_id, "url": url, "linked_from": "\n".join(sources), "fetched_at": utcnow()}
            if obey_robots and not _robots(url, user_agent, robots, timeout):
                row.update(content_type="", bytes=0, text="", error="robots.txt 不允许读取")
            else:
                row.update(_fetch_row(url, previous.get(url), user_agent, max_bytes, timeout, counts,
                                      extractor))
            counts["errors"] += bool(row.get("error"))
            store.insert_rows("attachments", [row])
    logger.info("attachments of run %s: %s", run_id, counts)
    return counts


def read_for_site(store, run_id: int, site: dict, settings: dict) -> dict[str, int] | None:
    """:func:`read_attachments` with the site's effective crawl settings (None when turned off)."""
    from . import settings as defaults
    from .urls import netloc

    eff = {**settings, **(site.get("crawl") or {})}
    if not eff.get("DUWANG_ATTACHMENTS", True):
        return None
    hosts = {netloc(site["start_url"]), *(h.lower() for h in site.get("hosts") or [])}
    return read_attachments(
        store, run_id, hosts=hosts, user_agent=eff.get("USER_AGENT", defaults.USER_AGENT),
        max_bytes=int(eff.get("DUWANG_ATTACHMENT_MAX_BYTES", MAX_BYTES)),
        obey_robots=bool(eff.get("ROBOTSTXT_OBEY", defaults.ROBOTSTXT_OBEY)),
        timeout=float(eff.get("DOWNLOAD_TIMEOUT", defaults.DOWNLOAD_TIMEOUT)))


def _fetch_row(url, old, user_agent, max_bytes, timeout, counts, extractor) -> dict:
    got = download(url, user_agent=user_agent, max_bytes=max_bytes, timeout=timeout,
                   etag=(old or {}).get("etag") or "", last_modified=(old or {}).get("last_modified") or "")
    if got.status == 304 and old:
        counts["reused"] += 1
        return {k: old.get(k) for k in ("content_type", "bytes", "text", "error", "etag", "last_modified",
                                        "tables")}
    if got.error:
        return {"content_type": "", "bytes": len(got.data), "text": "", "error": got.error,
                "etag": got.etag, "last_modified": got.last_modified}
    result = extractor(got.data, url)
    counts["read"] += not result.error
    return {"content_type": result.content_type, "bytes": len(got.data), "text": result.text,
            "error": result.error, "etag": got.etag, "last_modified": got.last_modified,
            "tables": tables_json(result.tables)}
