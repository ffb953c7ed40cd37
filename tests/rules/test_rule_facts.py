"""Every fact about a rule lives on the rule: severity, lifecycle, typed settings, deduction."""

from __future__ import annotations

import pytest

from rules.base import SEVERITIES, NotConfigured, Rule, Setting, Severity
from rules.docs import render_rule_markdown
from rules.registry import RuleError, all_rules, validate


class OldStyle(Rule):
    """A rule written with the API before typed settings: bare defaults, plain strings."""

    id = "thirdparty.old_style"
    title = "旧写法"
    severity = "扣分"
    basis = "某条款"
    settings = {"days": 14, "rate": 0.5, "strict": False, "names": ["a"], "classes": {}}


class Typed(Rule):
    """A rule with typed settings."""

    id = "thirdparty.typed"
    title = "新写法"
    severity = Severity.NOTICE
    basis = "某条款"
    lifecycle = "preview"
    settings = {"limit": Setting(3.0, float, "上限。"), "days": Setting(7, int, "天数。")}


def test_severity_is_one_str_enum_and_severities_its_values():
    assert SEVERITIES == ("否决", "扣分", "提示")
    assert tuple(Severity) == (Severity.VETO, Severity.DEDUCT, Severity.NOTICE)
    assert Severity.VETO == "否决" and Severity("扣分") is Severity.DEDUCT and str(Severity.NOTICE) == "提示"


def test_bare_defaults_become_settings_with_the_default_s_type():
    specs = OldStyle.setting_specs()
    assert {n: s.kind for n, s in specs.items()} == {"days": int, "rate": float, "strict": bool,
                                                      "names": list, "classes": dict}
    assert specs["days"] == Setting(14) and specs["days"].doc == ""
    assert Typed.setting_specs()["limit"] == Setting(3.0, float, "上限。")


def test_a_rule_of_today_s_api_still_runs_with_its_defaults():
    rule = OldStyle({"days": 30})
    assert rule.config == {"days": 30, "rate": 0.5, "strict": False, "names": ["a"], "classes": {}}
    assert rule.lifecycle == "stable" and rule.deduction is None
    with pytest.raises(NotConfigured, match="可用的设置"):
        OldStyle({"dayz": 1})


def test_mutable_defaults_are_not_shared_between_instances():
    a, b = OldStyle(), OldStyle()
    a.config["names"].append("b")
    assert b.config["names"] == ["a"] and OldStyle.settings["names"] == ["a"]


def test_typed_settings_are_read_as_their_default():
    assert Typed().config == {"limit": 3.0, "days": 7}


def test_validate_settings_names_the_known_keys_and_the_expected_type():
    assert Typed.validate_settings({"limit": 2, "days": 3}) == []  # an int is a fine number
    assert Typed.validate_settings({}) == []
    unknown = Typed.validate_settings({"dayz": 3})
    assert len(unknown) == 1 and "dayz" in unknown[0] and "days" in unknown[0] and "limit" in unknown[0]
    wrong = Typed.validate_settings({"days": "7", "limit": True})
    assert len(wrong) == 2
    assert any("days" in m and "整数" in m and "'7'" in m for m in wrong)
    assert any("limit" in m and "数字" in m for m in wrong)
    assert OldStyle.validate_settings({"strict": 1, "names": "a", "classes": []}) != []
    assert len(OldStyle.validate_settings({"strict": 1, "names": "a", "classes": []})) == 3


def test_every_built_in_setting_has_a_type_and_a_sentence():
    for rule in all_rules():
        for name, spec in rule.setting_specs().items():
            assert spec.doc, f"{rule.id}.{name} needs a sentence"
            assert spec.accepts(spec.default), f"{rule.id}.{name}"
            assert rule.validate_settings({name: spec.default}) == []


def test_registry_refuses_an_unknown_lifecycle_and_a_default_of_the_wrong_type():
    validate(Typed)
    bad_life = type("BadLife", (Typed,), {"lifecycle": "beta"})
    with pytest.raises(RuleError, match="lifecycle"):
        validate(bad_life)
    bad_default = type("BadDefault", (Typed,), {"settings": {"days": Setting("7", int, "x")}})
    with pytest.raises(RuleError, match="days"):
        validate(bad_default)


def test_docs_show_lifecycle_and_a_settings_table_with_type_and_sentence():
    page = render_rule_markdown(Typed)
    assert "| 状态 | 预览" in page
    assert "| `limit` | `3.0` | 数字 | 上限。 |" in page and "| `days` | `7` | 整数 | 天数。 |" in page
    old = render_rule_markdown(OldStyle)
    assert "| `days` | `14` | 整数 | （未填写） |" in old and "| 状态 | 稳定 |" in old


def test_findings_carry_the_plain_severity_string():
    from datetime import date

    from rules.base import AuditContext

    ctx = AuditContext(store=None, run_id=1, site={"name": "县"}, as_of=date(2026, 1, 1), settings={})
    f = Typed().finding(ctx, url="http://x/", message="m", evidence="e", key=["k"], severity=Severity.VETO)
    assert f.severity == "否决" and type(f.severity) is str
