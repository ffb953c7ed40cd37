"""``python -m crawler.demo --port 8000 --pages 400 [--variant empire]``: serve the demo portal until Ctrl-C."""

from __future__ import annotations

import argparse

from .portal import build_portal
from .server import serve_forever
from .variants import VARIANTS, build_variant


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.demo", description="示范县演示门户网站")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--pages", type=int, default=400, help="大约的页面数")
    parser.add_argument("--revision", type=int, default=1, choices=(1, 2), help="2 = 一周后的版本")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--stale-home", action="store_true", help="首页两周无更新")
    parser.add_argument("--variant", choices=sorted(VARIANTS), help="按其他内容管理系统构建的演示网站")
    args = parser.parse_args(argv)
    if args.variant:
        portal = build_variant(args.variant, seed=args.seed)
    else:
        portal = build_portal(pages=args.pages, revision=args.revision, seed=args.seed,
                              stale_home=args.stale_home)
    serve_forever(portal, args.host, args.port)


if __name__ == "__main__":
    main()
