"""Rule reference pages: rendered from the rules, committed docs kept in step (like cog --check)."""

from rules.column_stale import ColumnStale
from rules.docs import DEFAULT_OUT_DIR, SECTION_HEADINGS, check_docs, render_rule_markdown, write_docs
from rules.link_broken import LinkBroken
from rules.registry import all_rules


def test_page_has_metadata_settings_and_all_sections():
    page = render_rule_markdown(ColumnStale)
    assert page.startswith("<!--")
    assert "# 栏目不更新（`column.stale`）" in page
    for text in ("扣分", "column", ColumnStale.basis, "C：已在来源中读到",
                 "| `dynamic_days` | `14` |", "| `classes` | `{}` |"):
        assert text in page
    for heading in SECTION_HEADINGS.values():
        assert f"## {heading}" in page
    assert ColumnStale.docs()["Fix"].splitlines()[0] in page


def test_rule_without_settings_says_so():
    page = render_rule_markdown(LinkBroken)
    assert "本规则没有可调设置" in page and "P：部分读到或间接印证" in page


def test_write_docs_writes_one_page_per_rule_and_an_index(tmp_path):
    (tmp_path / "gone.rule.md").write_text("old", encoding="utf-8")
    written = write_docs(tmp_path)
    names = {p.name for p in written}
    assert names == {f"{r.id}.md" for r in all_rules()} | {"index.md"}
    assert not (tmp_path / "gone.rule.md").exists()
    index = (tmp_path / "index.md").read_text(encoding="utf-8")
    assert all(f"`{r.id}`" in index for r in all_rules())
    assert check_docs(tmp_path) == []


def test_check_docs_reports_edits_and_missing_pages(tmp_path):
    write_docs(tmp_path)
    (tmp_path / "column.stale.md").write_text("hand edit", encoding="utf-8")
    (tmp_path / "index.md").unlink()
    problems = check_docs(tmp_path)
    assert any(p.startswith("column.stale.md") for p in problems)
    assert any(p.startswith("index.md") for p in problems)


def test_committed_docs_are_up_to_date():
    problems = check_docs(DEFAULT_OUT_DIR)
    assert not problems, (
        "docs/rules/ differs from the rules: " + ", ".join(problems)
        + ". Run `duwang rules docs` (or `python -m rules.docs`) and commit the result.")
