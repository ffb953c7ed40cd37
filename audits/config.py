"""Configuration files: ``sites.toml`` (which counties) and ``duwang.toml`` (rules and crawl).

sites.toml::

    [[sites]]
    name = "示范县人民政府"
    url = "http://www.example.gov.cn/"
    site_code = "3599000001"          # 网站标识码
    unit = "示范县人民政府办公室"         # responsible unit
    hosts = ["xxgk.example.gov.cn"]    # more hosts that belong to the portal (optional)
    units = ["县教育局", "城关镇"]       # departments and 乡镇 that need their own page (optional)
    [sites.crawl]                      # per-site crawl overrides (optional)
    max_pages = 5000
    [sites.rules."column.stale"]       # per-site rule settings (optional)
    classes = { "县长信箱" = "static" }

duwang.toml (``--config``)::

    [crawl]
    max_pages = 20000
    obey_robots = true
    [rules]
    disable = ["text.typo"]
    [rules."column.stale"]
    dynamic_days = 14
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib


class ConfigError(ValueError):
    """Bad input from the user: the message says what to fix (exit code 2)."""


# Friendly crawl keys -> Scrapy / duwang settings. Upper-case keys pass through unchanged.
CRAWL_KEYS = {
    "max_pages": ("DUWANG_MAX_PAGES", int),
    "max_depth": ("DUWANG_MAX_DEPTH", int),
    "concurrency": ("CONCURRENT_REQUESTS_PER_DOMAIN", int),
    "delay": ("DOWNLOAD_DELAY", float),
    "autothrottle": ("AUTOTHROTTLE_ENABLED", bool),
    "obey_robots": ("ROBOTSTXT_OBEY", bool),
    "timeout": ("DOWNLOAD_TIMEOUT", float),
    "check_external": ("DUWANG_CHECK_EXTERNAL", bool),
    "retry_times": ("DUWANG_RETRY_TIMES", int),
    "retry_base_delay": ("DUWANG_RETRY_BASE_DELAY", float),
    "max_page_bytes": ("DOWNLOAD_MAXSIZE", int),
    "revalidate": ("DUWANG_REVALIDATE", bool),
    "attachments": ("DUWANG_ATTACHMENTS", bool),  # read the text of pdf/doc(x)/xls(x) attachments
    "attachment_max_bytes": ("DUWANG_ATTACHMENT_MAX_BYTES", int),
    "user_agent": ("USER_AGENT", str),
    "robots_5xx": ("DUWANG_ROBOTS_5XX", str),
    "max_checks_per_host": ("DUWANG_MAX_CHECKS_PER_HOST", int),
    "max_checks": ("DUWANG_MAX_CHECKS", int),
}
# Lower bounds of the numeric crawl keys (timeout must be above its bound, the others at least it).
CRAWL_MIN = {"max_pages": 1, "max_depth": 0, "concurrency": 1, "delay": 0, "timeout": 0,
             "retry_times": 0, "retry_base_delay": 0, "max_page_bytes": 1,
             "max_checks_per_host": 0, "max_checks": 0}
CRAWL_ABOVE = frozenset({"timeout"})
CRAWL_CHOICES = {"robots_5xx": ("disallow", "allow")}
# Characters that never appear in a host name (a typo or a pasted sentence).
_BAD_HOST_CHARS = frozenset(' \t\r\n<>"{}|\\^`%,;!*\'()')


@dataclass
class SiteSpec:
    name: str
    url: str
    site_code: str = ""
    unit: str = ""
    hosts: list[str] = field(default_factory=list)
    crawl: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    unit_prefixes: dict[str, str] = field(default_factory=dict)  # URL prefix -> 责任单位

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


@dataclass
class AuditConfig:
    crawl: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)  # [report]: deadlines by severity


SEVERITY_NAMES = ("否决", "扣分", "提示")


def check_report(report: Any, where: str) -> dict[str, Any]:
    """``[report]``: ``deadlines = {"否决" = 5, "扣分" = 15, "提示" = 30}`` (working days to fix)."""
    if not isinstance(report, dict):
        raise ConfigError(f"{where}report 应为一个表 ([report]), 而不是 {report!r}")
    unknown = set(report) - {"deadlines"}
    if unknown:
        raise ConfigError(f"{where}[report] 有未知的键: {', '.join(sorted(unknown))}; 只支持 deadlines")
    deadlines = report.get("deadlines", {})
    if not isinstance(deadlines, dict):
        raise ConfigError(
            f'{where}[report].deadlines 应为表, 如 deadlines = {{ "否决" = 5, "扣分" = 15, "提示" = 30 }}'
        )
    for key, value in deadlines.items():
        if key not in SEVERITY_NAMES:
            raise ConfigError(f"{where}[report].deadlines 的键 {key!r} 应为 否决、扣分 或 提示")
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{where}[report].deadlines.{key} 应为正整数 (工作日数), 而不是 {value!r}")
    return dict(report)


def check_unit_prefixes(value: Any, where: str) -> dict[str, str]:
    """``unit_prefixes = { "http://x.gov.cn/jyj/" = "县教育局" }``: 责任单位 by URL prefix."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) and v.strip()
                                              for k, v in value.items()):
        raise ConfigError(f'{where}的 unit_prefixes 应为网址前缀到单位名称的表, 如 '
                          f'unit_prefixes = {{ "http://www.example.gov.cn/jyj/" = "县教育局" }}, 而不是 {value!r}')
    for prefix in value:
        check_url(prefix, f"{where}unit_prefixes 中的 ")
    return {k: v.strip() for k, v in value.items()}


def check_url(url: str, where: str = "") -> str:
    """``url`` if it is a crawlable http(s) address (a path added when missing), else ConfigError."""
    def bad(why: str) -> ConfigError:
        return ConfigError(
            f"{where}不是有效的网址: {url!r}（{why}）。请写完整的 http:// 或 https:// 地址，"
            f"例如 http://www.example.gov.cn/ (not a valid http(s) URL)")

    if not isinstance(url, str):
        raise bad("应为文本")
    try:
        parts = urlsplit(url.strip())
        port = parts.port  # raises on a port out of range or not a number
    except ValueError as e:
        text = str(e)
        if "IPv6" in text:
            raise bad("IPv6 地址应写成 http://[2001:db8::1]/ 的形式") from None
        raise bad("端口应为 1–65535 之间的数字") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise bad("缺少 http:// 或 https:// 或主机名")
    host = parts.hostname or ""
    if not host or any(c in _BAD_HOST_CHARS for c in host) or ".." in host:
        raise bad("主机名中有空格或不允许的字符")
    if port == 0:
        raise bad("端口应为 1–65535 之间的数字")
    return url.strip() if parts.path else url.strip() + "/"


def _load_toml(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"找不到文件 {p} (file not found); 请检查路径")
    try:
        # utf-8-sig: a file saved by Notepad with a byte-order mark reads like any other.
        return tomllib.loads(p.read_text(encoding="utf-8-sig"))
    except OSError as e:
        raise ConfigError(f"无法读取 {p}: {e}") from e
    except UnicodeDecodeError as e:
        raise ConfigError(f"{p} 不是 UTF-8 编码: {e}. 请另存为 UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(
            f'{p} 不是有效的 TOML: {e}. 请按 README 中的示例修改 (中文键名要加引号, 如 "否决" = 5)'
        ) from e


def crawl_settings(crawl: dict[str, Any], where: str) -> dict[str, Any]:
    """Translate a ``[crawl]`` table into Scrapy settings, with clear errors."""
    if not isinstance(crawl, dict):
        raise ConfigError(f"{where}crawl 应为一个表 ([crawl] 或 [sites.crawl]), 而不是 {crawl!r}")
    out: dict[str, Any] = {}
    for key, value in crawl.items():
        if key.isupper():
            out[key] = value
            continue
        if key not in CRAWL_KEYS:
            raise ConfigError(f"{where}[crawl] 中未知的设置 {key!r}; 可用: {', '.join(sorted(CRAWL_KEYS))}")
        name, typ = CRAWL_KEYS[key]
        out[name] = _crawl_value(key, value, typ, where)
    return out


def _with_units(entry: dict[str, Any], where: str) -> dict[str, Any]:
    """The site's rule settings, with ``units = [...]`` (its departments and 乡镇) handed to unit.page_missing."""
    rules = dict(entry.get("rules", {}))
    units = entry.get("units")
    if units is None:
        return rules
    if not isinstance(units, list) or not all(isinstance(u, str) and u.strip() for u in units):
        raise ConfigError(f"{where}的 units 应为单位名称列表, 如 units = [\"县教育局\", \"城关镇\"]")
    rules["unit.page_missing"] = {**dict(rules.get("unit.page_missing", {})), "units": [u.strip() for u in units]}
    return rules


def _crawl_value(key: str, value: Any, typ: type, where: str) -> Any:
    if typ is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{where}[crawl].{key} 应为 true 或 false, 而不是 {value!r}")
        return value
    if typ is str:
        if not isinstance(value, str):
            raise ConfigError(f"{where}[crawl].{key} 应为文本 (带引号), 而不是 {value!r}")
        choices = CRAWL_CHOICES.get(key)
        if choices and value not in choices:
            raise ConfigError(f"{where}[crawl].{key} 应为 {' 或 '.join(map(repr, choices))}, 而不是 {value!r}")
        return value
    numeric = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not numeric or (typ is int and isinstance(value, float) and not value.is_integer()):
        kind = "整数" if typ is int else "数字"
        raise ConfigError(f"{where}[crawl].{key} 应为{kind} (不带引号), 而不是 {value!r}")
    low = CRAWL_MIN.get(key)
    if low is not None and (value <= low if key in CRAWL_ABOVE else value < low):
        need = f"大于 {low}" if key in CRAWL_ABOVE else f"不小于 {low}"
        raise ConfigError(f"{where}[crawl].{key} 应{need}, 而不是 {value!r}")
    return typ(value)


def check_rules(rules: Any, where: str) -> dict[str, Any]:
    """Validate a ``[rules]`` table before any crawl: ``disable``/``enable`` are lists of known
    rule ids; every other key is a known rule whose table names only its own settings, each
    with a value of the type of the setting's default."""
    from rules.registry import all_rules

    if not isinstance(rules, dict):
        raise ConfigError(f"{where}rules 应为一个表 ([rules]), 而不是 {rules!r}")
    known = {r.id: r for r in all_rules()}
    hint = "运行 `duwang rules` 查看可用的规则 id"
    for key, value in rules.items():
        if key in ("disable", "enable"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f'{where}[rules].{key} 应为规则 id 的列表, 如 {key} = ["text.typo"], '
                                  f"而不是 {value!r}")
            unknown = sorted(set(value) - set(known))
            if unknown:
                raise ConfigError(f"{where}[rules].{key} 中有未知的规则: {', '.join(unknown)}; {hint}")
            continue
        if key not in known:
            raise ConfigError(f"{where}[rules] 中有未知的规则 {key!r}; {hint}")
        if not isinstance(value, dict):
            raise ConfigError(f'{where}[rules."{key}"] 应为一个表 (规则的设置), 而不是 {value!r}')
        defaults = {name: spec.default for name, spec in known[key].setting_specs().items()}
        for name, setting in value.items():
            if name not in defaults:
                raise ConfigError(f'{where}[rules."{key}"] 中有未知的设置 {name!r}; 规则 {key} 的设置有: '
                                  f"{', '.join(sorted(defaults)) or '无'}")
            if not _compatible(defaults[name], setting):
                raise ConfigError(f'{where}[rules."{key}"].{name} 的值 {setting!r} 类型不对: 应与默认值 '
                                  f"{defaults[name]!r} 同类 ({_type_name(defaults[name])})")
    return rules


def _compatible(default: Any, value: Any) -> bool:
    if default is None:
        return True
    if isinstance(default, bool):
        return isinstance(value, bool)
    if isinstance(value, bool):
        return False
    if isinstance(default, int):
        return isinstance(value, int) and value >= 0
    if isinstance(default, float):
        return isinstance(value, (int, float)) and value >= 0
    if isinstance(default, list):
        return isinstance(value, list) and (
            not default or all(isinstance(v, type(default[0])) for v in value))
    return isinstance(value, type(default))


def _type_name(default: Any) -> str:
    return {bool: "true/false", int: "非负整数", float: "非负数字", str: "文本", list: "列表",
            dict: "表"}.get(type(default), type(default).__name__)


def load_sites(path: str | Path) -> list[SiteSpec]:
    data = _load_toml(path)
    entries = data.get("sites")
    if not isinstance(entries, list) or not entries:
        raise ConfigError(f"{path} 中没有 [[sites]] 条目; 每个县一段 [[sites]], 至少包含 name 和 url")
    sites = []
    for i, entry in enumerate(entries, 1):
        where = f"{path} 第 {i} 个 [[sites]] "
        if not isinstance(entry, dict) or "url" not in entry:
            raise ConfigError(f"{where}缺少 url")
        url = check_url(entry["url"], where)
        unknown = set(entry) - {"name", "url", "site_code", "unit", "units", "unit_prefixes", "hosts", "crawl",
                                "rules"}
        if unknown:
            raise ConfigError(f"{where}有未知的键: {', '.join(sorted(unknown))}")
        hosts = entry.get("hosts", [])
        if not isinstance(hosts, list) or not all(isinstance(h, str) and h.strip() for h in hosts):
            raise ConfigError(f'{where}的 hosts 应为主机名的列表, 如 hosts = ["xxgk.example.gov.cn"], '
                              f"而不是 {hosts!r}")
        for h in hosts:
            check_url(f"http://{h.strip()}/", f"{where}hosts 中的 {h!r}: ")
        for key in ("name", "unit"):
            if not isinstance(entry.get(key, ""), str):
                raise ConfigError(f"{where}的 {key} 应为文本 (带引号), 而不是 {entry[key]!r}")
        check_rules(entry.get("rules", {}), where)
        code = str(entry.get("site_code", ""))
        if code and not (len(code) == 10 and (code.isdigit() or (code[:2] == "bm" and code[2:].isdigit()))):
            raise ConfigError(f"{where}的 site_code {code!r} 不是有效的网站标识码 (10 位, 如 3504270001 或 bm07000001)")
        crawl_settings(entry.get("crawl", {}), where)  # validate early
        sites.append(SiteSpec(
            name=str(entry.get("name") or urlsplit(url).netloc), url=url, site_code=code,
            unit=str(entry.get("unit", "")), hosts=[h.strip() for h in hosts],
            crawl=dict(entry.get("crawl", {})), rules=_with_units(entry, where),
            unit_prefixes=check_unit_prefixes(entry.get("unit_prefixes", {}), where)))
    seen, names = set(), set()
    for s in sites:
        if s.url in seen:
            raise ConfigError(f"{path}: 网址 {s.url} 出现了两次")
        if s.name in names:
            raise ConfigError(f"{path}: 网站名称 {s.name!r} 出现了两次; 每个 [[sites]] 的 name 应各不相同")
        seen.add(s.url)
        names.add(s.name)
    return sites


def load_config(path: str | Path | None) -> AuditConfig:
    if path is None:
        return AuditConfig()
    data = _load_toml(path)
    unknown = set(data) - {"crawl", "rules", "report"}
    if unknown:
        raise ConfigError(f"{path} 有未知的表: {', '.join(sorted(unknown))}; 只支持 [crawl]、[rules] 和 [report]")
    crawl = data.get("crawl", {})
    crawl_settings(crawl, f"{path} ")
    rules = check_rules(data.get("rules", {}), f"{path} ")
    report = check_report(data.get("report", {}), f"{path} ")
    return AuditConfig(crawl=dict(crawl), rules=dict(rules), report=report)


def merge_rules(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Merge two ``[rules]`` tables: ``disable``/``enable`` lists and per-rule settings."""
    out = {k: (dict(v) if isinstance(v, dict) else v) for k, v in base.items()}
    for key, value in override.items():
        if key in ("disable", "enable"):
            out[key] = sorted(set(out.get(key, [])) | set(value))
        elif isinstance(value, dict):
            out[key] = {**out.get(key, {}), **value}
        else:
            out[key] = value
    if "enable" in override:
        out["disable"] = sorted(set(out.get("disable", [])) - set(override["enable"]))
    return out
