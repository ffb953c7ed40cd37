"""Attachment text for the text rules: the rows ``crawler/attachments.py`` stored for a run.

Not a rule: helpers the text rules (privacy.exposed, text.typo, doc.number_malformed) share so
that their findings about an attachment all point at the attachment's own URL and name the
pages that link it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .base import AuditContext
from .docnumber import find_numbers

HEAD_CHARS = 300  # a document's own 文号 is printed above its title


def attachment_rows(ctx: AuditContext, *, readable: bool = True) -> Iterator[dict]:
    """The run's attachment rows (with text when ``readable``), each with ``pages``: the linking
    pages as a list. Nothing when the store predates the attachments table."""
    if "attachments" not in ctx.store.db.table_names():
        return
    where = "text IS NOT NULL AND text != ''" if readable else ""
    for row in ctx.rows("attachments", where, order_by="url"):
        row = dict(row)
        row["pages"] = [p for p in (row.get("linked_from") or "").split("\n") if p]
        yield row


def head_number(text: str) -> str | None:
    """The 文号 at the head of a document's text (not one it cites in 《…》（…）)."""
    head = (text or "")[:HEAD_CHARS]
    for number in find_numbers(head):
        at = head.find(number)
        if at > 0 and re.search(r"》\s*[（(]?$", head[max(0, at - 3):at]):
            continue
        return number
    return None
