"""sites.toml ``units = [...]``: a site's departments and 乡镇, handed to unit.page_missing."""

import pytest

from audits.config import ConfigError, load_sites


def write(tmp_path, body):
    path = tmp_path / "sites.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_units_become_the_rule_setting(tmp_path):
    path = write(tmp_path, '[[sites]]\nname = "示范县"\nurl = "http://www.example.gov.cn/"\n'
                           'units = ["县教育局", "城关镇"]\n'
                           '[sites.rules."column.stale"]\ndynamic_days = 10\n')
    site = load_sites(path)[0]
    assert site.rules["unit.page_missing"] == {"units": ["县教育局", "城关镇"]}
    assert site.rules["column.stale"] == {"dynamic_days": 10}


def test_no_units_leaves_the_rules_alone(tmp_path):
    site = load_sites(write(tmp_path, '[[sites]]\nurl = "http://www.example.gov.cn/"\n'))[0]
    assert "unit.page_missing" not in site.rules


def test_units_must_be_a_list_of_names(tmp_path):
    with pytest.raises(ConfigError, match="units"):
        load_sites(write(tmp_path, '[[sites]]\nurl = "http://www.example.gov.cn/"\nunits = "县教育局"\n'))
