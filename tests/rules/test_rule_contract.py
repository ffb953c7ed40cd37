"""Every registered rule honours the rule contract: metadata, docs and fixtures."""

import pytest

from rules.base import DOC_SECTIONS, SCOPES, SEVERITIES
from rules.registry import all_rules
from rules.testing import run_fixture, snapshot_diff, write_snapshot

RULES = all_rules()
EXPECTED_IDS = {"column.blank", "column.stale", "site.homepage_stale", "link.broken",
                "link.unreachable", "interpretation.unlinked", "doc.number_missing",
                "doc.number_malformed", "text.typo", "site.unreachable",
                "privacy.exposed", "site.identity", "text.expression", "attachment.unreadable",
                # issue 14: the seeds' disclosure duties
                "interpretation.missing", "interpretation.late", "interpretation.column_missing",
                "doc.late", "doc.disclosure_missing", "catalog.missing", "catalog.domains",
                "catalog.elements", "catalog.item_no_column", "unit.page_missing", "site.entrances",
                "platform.columns", "report.annual_late"}


def test_the_mission_rules_are_registered():
    missing = EXPECTED_IDS - {rule.id for rule in RULES}
    assert not missing, f"rules not registered: {sorted(missing)}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_metadata(rule):
    assert rule.id and rule.title and rule.basis
    assert rule.severity in SEVERITIES
    assert rule.scope in SCOPES
    assert rule.basis_status in ("C", "P", "R")
    assert isinstance(rule.settings, dict)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_docstring_sections(rule):
    docs = rule.docs()
    assert docs.get("summary"), "docstring needs a one-line summary"
    empty = [s for s in DOC_SECTIONS if not docs.get(s, "").strip()]
    assert not empty, f"empty docstring sections: {empty}"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_fixture_fires(rule, tmp_path):
    path = rule.fixture_paths()["bad"]
    assert path.exists(), f"missing fixture {path}"
    findings = run_fixture(rule, path, tmp_path)
    assert any(f.rule == rule.id for f in findings)
    for finding in findings:
        assert finding.severity in SEVERITIES
        assert finding.message and finding.evidence and finding.fingerprint
        assert finding.basis == rule.basis


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_bad_fixture_matches_its_snapshot(rule, tmp_path, update_snapshots):
    """The bad fixture's findings (rule, url, target, severity, message, fingerprint) are pinned
    in fixtures/<id>/snapshot.json; `pytest tests/rules --update-snapshots` rewrites them."""
    findings = run_fixture(rule, rule.fixture_paths()["bad"], tmp_path)
    path = rule.snapshot_path()
    if update_snapshots:
        write_snapshot(findings, path)
        return
    if not path.exists():
        pytest.fail(f"{rule.id} has no snapshot ({path}); run `python3 -m pytest tests/rules "
                    f"--update-snapshots`, read the file it writes and commit it")
    diff = snapshot_diff(findings, path)
    assert not diff, (f"{rule.id}: findings differ from the snapshot. If the change is intended, run "
                      f"`python3 -m pytest tests/rules --update-snapshots` and commit the new snapshot.\n{diff}")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_good_fixture_is_quiet(rule, tmp_path):
    path = rule.fixture_paths()["good"]
    assert path.exists(), f"missing fixture {path}"
    assert [f.message for f in run_fixture(rule, path, tmp_path)] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_fingerprints_are_unique_and_stable(rule, tmp_path):
    path = rule.fixture_paths()["bad"]
    first = [f.fingerprint for f in run_fixture(rule, path, tmp_path / "a")]
    second = [f.fingerprint for f in run_fixture(rule, path, tmp_path / "b")]
    assert len(set(first)) == len(first)
    assert sorted(first) == sorted(second)
