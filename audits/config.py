"""Configuration files: ``sites.toml`` (which counties) and ``duwang.toml`` (rules and crawl).

sites.toml::

    [[sites]]
    name = "示范县人民政府"
    url = "http://www.example.gov.cn/"
    site_code = "3599000001"          # 网站标识码
    unit = "示范县人民政府办公室"         # responsible unit
    hosts = ["xxgk.example.gov.cn"]    # more hosts that belong to the portal (optional)
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
}


@dataclass
class SiteSpec:
    name: str
    url: str
    site_code: str = ""
    unit: str = ""
    hosts: list[str] = field(default_factory=list)
    crawl: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc.lower()


@dataclass
class AuditConfig:
    crawl: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, Any] = field(default_factory=dict)


def check_url(url: str, where: str = "") -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(
            f"{where}不是有效的网址: {url!r}。请写完整的 http:// 或 https:// 地址，"
            f"例如 http://www.example.gov.cn/ (not a valid http(s) URL)")
    return url.strip() if parts.path else url.strip() + "/"


def _load_toml(path: str | Path) -> dict[str, Any]:
    p = Path(path)
    if not p.is_file():
        raise ConfigError(f"找不到文件 {p} (file not found); 请检查路径")
    try:
        return tomllib.loads(p.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{p} 不是 UTF-8 编码: {e}. 请另存为 UTF-8") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{p} 不是有效的 TOML: {e}. 请按 README 中的 sites.toml 示例修改") from e


def crawl_settings(crawl: dict[str, Any], where: str) -> dict[str, Any]:
    """Translate a ``[crawl]`` table into Scrapy settings, with clear errors."""
    out: dict[str, Any] = {}
    for key, value in crawl.items():
        if key.isupper():
            out[key] = value
            continue
        if key not in CRAWL_KEYS:
            raise ConfigError(f"{where}[crawl] 中未知的设置 {key!r}; 可用: {', '.join(sorted(CRAWL_KEYS))}")
        name, typ = CRAWL_KEYS[key]
        if typ is bool and not isinstance(value, bool):
            raise ConfigError(f"{where}[crawl].{key} 应为 true 或 false, 而不是 {value!r}")
        try:
            out[name] = typ(value)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"{where}[crawl].{key} 的值 {value!r} 无效: 应为 {typ.__name__}") from e
    return out


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
        url = check_url(str(entry["url"]), where)
        unknown = set(entry) - {"name", "url", "site_code", "unit", "hosts", "crawl", "rules"}
        if unknown:
            raise ConfigError(f"{where}有未知的键: {', '.join(sorted(unknown))}")
        code = str(entry.get("site_code", ""))
        if code and not (len(code) == 10 and (code.isdigit() or (code[:2] == "bm" and code[2:].isdigit()))):
            raise ConfigError(f"{where}的 site_code {code!r} 不是有效的网站标识码 (10 位, 如 3504270001 或 bm07000001)")
        crawl_settings(entry.get("crawl", {}), where)  # validate early
        sites.append(SiteSpec(
            name=str(entry.get("name") or urlsplit(url).netloc), url=url, site_code=code,
            unit=str(entry.get("unit", "")), hosts=list(entry.get("hosts", [])),
            crawl=dict(entry.get("crawl", {})), rules=dict(entry.get("rules", {}))))
    seen = set()
    for s in sites:
        if s.url in seen:
            raise ConfigError(f"{path}: 网址 {s.url} 出现了两次")
        seen.add(s.url)
    return sites


def load_config(path: str | Path | None) -> AuditConfig:
    if path is None:
        return AuditConfig()
    data = _load_toml(path)
    unknown = set(data) - {"crawl", "rules"}
    if unknown:
        raise ConfigError(f"{path} 有未知的表: {', '.join(sorted(unknown))}; 只支持 [crawl] 和 [rules]")
    crawl = dict(data.get("crawl", {}))
    crawl_settings(crawl, f"{path} ")
    return AuditConfig(crawl=crawl, rules=dict(data.get("rules", {})))


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
