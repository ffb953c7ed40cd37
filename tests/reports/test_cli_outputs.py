"""The command line's machine-readable outputs: rules --json, diff --json, check-text exit codes."""

from __future__ import annotations

import json

from click.testing import CliRunner

from audits.cli import main


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_rules_lists_a_header_then_one_line_per_rule():
    res = run("rules")
    lines = res.output.splitlines()
    assert res.exit_code == 0
    assert lines[0].startswith("规则编号")
    assert any(line.startswith("column.stale ") for line in lines[1:])


def test_rules_json_is_one_array_with_the_rule_facts():
    res = run("rules", "--json")
    rules = json.loads(res.output)
    assert res.exit_code == 0 and isinstance(rules, list)
    stale = next(r for r in rules if r["id"] == "column.stale")
    assert set(stale) == {"id", "title", "severity", "scope", "basis", "basis_status", "lifecycle"}
    assert stale["title"] == "栏目不更新" and stale["severity"] == "扣分" and stale["lifecycle"] == "stable"


def test_diff_json_over_two_sites_is_one_valid_document_naming_each_site(two_sites, tmp_path):
    out = tmp_path  # the two_sites store lives at tmp_path/audit.db
    res = run("diff", "--out", str(out), "--json")
    assert res.exit_code == 0
    doc = json.loads(res.output)  # one document, not one per line
    by_site = {s["site"]: s for s in doc["sites"]}
    assert set(by_site) == {"示范县人民政府", "邻县人民政府"}
    a = by_site["示范县人民政府"]
    assert a["run_id"] == two_sites["run_a2"] and a["previous_run_id"] == two_sites["run_a1"]
    assert [f["rule"] for f in a["fixed"]] == ["link.broken"]
    assert len(a["new"]) == 2 and len(a["still_open"]) == 1


TYPO = "按照党中央的布署，认真贯切落实。\n"
CLEAN = "各部门要认真贯彻落实，按时报送材料。\n"


def test_check_text_exits_1_when_it_finds_a_typo_and_0_when_not(tmp_path):
    bad = run("check-text", "-", input=TYPO.encode("utf-8"))
    good = run("check-text", "-", input=CLEAN.encode("utf-8"))
    assert bad.exit_code == 1 and {json.loads(l)["evidence"] for l in bad.output.splitlines()} == {"布署", "贯切"}
    assert good.exit_code == 0 and good.output == ""


def test_check_text_reads_gb18030_and_utf8_with_bom(tmp_path):
    gb = tmp_path / "draft-gbk.txt"
    gb.write_bytes(TYPO.encode("gb18030"))
    bom = tmp_path / "draft-bom.txt"
    bom.write_bytes(b"\xef\xbb\xbf" + TYPO.encode("utf-8"))
    for path in (gb, bom):
        res = run("check-text", str(path))
        assert res.exit_code == 1, res.output
        hits = [json.loads(l) for l in res.output.splitlines()]
        assert [h["evidence"] for h in hits] == ["布署", "贯切"] and hits[0]["line"] == 1


def test_check_text_refuses_binary_input_with_exit_2(tmp_path):
    blob = tmp_path / "x.bin"
    blob.write_bytes(bytes(range(256)) * 8)
    res = CliRunner().invoke(main, ["check-text", str(blob)])
    assert res.exit_code == 2 and "编码" in res.output
