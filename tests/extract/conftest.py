import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

HOSTS = frozenset({"www.example.gov.cn"})
BASE = "http://www.example.gov.cn"


def page(body: str, title: str = "测试页", head: str = "") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>{head}</head>'
            f"<body>{body}</body></html>")
