"""Class 3 (text rules): text.typo on a hostile 200,000-character <title> does bounded work: it
checks only what it says it checks (the first TITLE_CHARS characters of a title)."""

from __future__ import annotations

import json

import rules.typo.api as api
from rules.testing import run_fixture
from rules.text_typo import TITLE_CHARS, TextTypo

B = "http://127.0.0.1:8000"


def test_huge_title_is_checked_in_bounded_work(tmp_path, monkeypatch):
    checked: list[int] = []  # the length of every text handed to the checker
    check_text = api.check_text
    monkeypatch.setattr(api, "check_text", lambda text, *a, **k: checked.append(len(text)) or check_text(text, *a, **k))
    filler = "关于开展安全生产检查工作的通知" * (200_000 // 15)
    title = "已按装监控设备" + filler[: 150_000] + "再接再励" + filler[: 50_000]
    assert len(title) > 200_000
    crawl = {"as_of": "2026-11-20", "site": {"name": "示范县人民政府", "start_url": f"{B}/"},
             "pages": [{"url": f"{B}/a.html", "kind": "article", "title": title, "text": "正文无误。"}]}
    path = tmp_path / "crawl.json"
    path.write_text(json.dumps(crawl, ensure_ascii=False), encoding="utf-8")
    findings = run_fixture(TextTypo, path, tmp_path)
    assert checked and max(checked) <= TITLE_CHARS and sum(checked) <= TITLE_CHARS + 100, checked
    evidence = {f.data["evidence"] for f in findings}
    assert "按装" in evidence  # within the first TITLE_CHARS: checked
    assert "再接再励" not in evidence  # beyond them: not checked, as the rule's docs say
    assert all(len(f.message) < TITLE_CHARS for f in findings)
