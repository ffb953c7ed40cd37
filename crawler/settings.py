"""Scrapy settings for duwang crawls: polite by default for slow county servers.

Every ``DUWANG_*`` setting is read by a duwang component (named beside it). Users override
settings per audit or per site in the config file's ``[crawl]`` table (see README).
"""

from scrapy.settings.default_settings import EXTENSIONS_BASE as _scrapy_extensions

BOT_NAME = "duwang"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

USER_AGENT = "Mozilla/5.0 (compatible; duwang/0.1; +读网 政务公开检查)"
ROBOTSTXT_OBEY = True

# Politeness: a few requests at a time per portal, adaptive delay, and our own back-off on
# 429/403/5xx honouring Retry-After (Scrapy's AutoThrottle ignores Retry-After).
CONCURRENT_REQUESTS = 64
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 60.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 20
DNS_TIMEOUT = 10
DOWNLOAD_MAXSIZE = 5 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 8
# Scrapy runs one asyncio task per CONCURRENT_ITEMS slot for every callback's output; a page
# yields one result item and a few requests, so 100 (the default) is pure overhead.
CONCURRENT_ITEMS = 4
# A development-time lint: on every cache miss Scrapy re-reads and re-parses the callback's
# source (about 6% of a crawl's CPU in the profile). Our callbacks never return a value.
WARN_ON_GENERATOR_RETURN_VALUE = False
HTTPERROR_ALLOW_ALL = True
COOKIES_ENABLED = True
# No remote-control server of any kind: an audit is driven from the command line only. Scrapy
# 2.19 starts an HTTP remote-control server (for its MCP server) by default, on a local port.
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
# Scrapy's own byte and request counters per response: nothing reads the downloader/* stats.
DOWNLOADER_STATS = False
LOG_LEVEL = "WARNING"  # the command line sets DEBUG with -v, ERROR with --quiet

# Breadth-first: page caps then keep the shallow, important pages.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"
# The frontier (crawler.frontier) de-duplicates before requests are queued; Scrapy's in-memory
# fingerprint set would only double the memory. Distributed mode swaps in scrapy-redis.
DUPEFILTER_CLASS = "scrapy.dupefilters.BaseDupeFilter"
# One priority queue for the crawl, not one per download slot: Scrapy's default
# (DownloaderAwarePriorityQueue) balances many hosts, a portal crawl is one host and its link
# checks, and asking every slot's queue for each request cost about 0.3 CPU ms a page on the
# benchmark's listing site. Per-host concurrency is still the downloader's (its slots).
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.ScrapyPriorityQueue"

# HTTP(S) through aiohttp (crawler.handlers): connections kept alive; Scrapy alone costs about a
# quarter less CPU a page with it than with Twisted's handler (benchmarks/scrapy_floor.py).
DOWNLOAD_HANDLERS = {
    "http": "crawler.handlers.AiohttpHandler",
    "https": "crawler.handlers.AiohttpHandler",
}

RETRY_ENABLED = False  # replaced by BackoffRetryMiddleware
DOWNLOADER_MIDDLEWARES = {
    # Scrapy's offsite filter lets everything through without allowed_domains (the spider sets
    # none): duwang's own turns off-site page requests into link checks.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.middlewares.redirects.OffsiteRequestMiddleware": 60,  # off-site pages only checked
    # HTTP basic auth only for spiders with http_user/http_pass: portals are public.
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
    # Scrapy (2.19 here) lets requests that wait for robots.txt through unchecked (robots.py).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.RobotsTxtMiddleware": 100,
    "crawler.middlewares.revalidation.RevalidationMiddleware": 560,
    "crawler.middlewares.politeness.BackoffRetryMiddleware": 550,
    # Sees a redirect before Scrapy's RedirectMiddleware (600) follows it (redirects.py).
    "crawler.middlewares.redirects.RedirectGuardMiddleware": 650,
    # Scrapy's meta refresh, asked only when the page's first bytes could hold one (metarefresh.py)
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawler.middlewares.metarefresh.MetaRefreshMiddleware": 580,
}
# Every spider middleware wraps every callback's output; keep only what a portal crawl uses.
# Depth and breadth-first priority are set by the spider itself (``duwang_depth``), URL traps
# are refused by its TrapGuard, so Scrapy's depth and URL-length middlewares go.
SPIDER_MIDDLEWARES = {
    # With HTTPERROR_ALLOW_ALL every status reaches the spider (it records 404s and 5xx): the
    # HTTP-error filter would only be one more wrapper around every callback's output.
    "scrapy.spidermiddlewares.httperror.HttpErrorMiddleware": None,
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.urllength.UrlLengthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
    # Marks start requests (meta is_start_request), which nothing in duwang reads.
    "scrapy.spidermiddlewares.start.StartSpiderMiddleware": None,
    "crawler.middlewares.checkbudget.LinkCheckBudgetMiddleware": 900,  # 未检查 beyond the budget
}
ITEM_PIPELINES = {
    "crawler.pipelines.StorePipeline": 300,
}
# Extensions duwang does not run: log records counted into stats nobody reads, no feeds (FEEDS),
# no JOBDIR (the frontier is duwang's SQLite store), no memory sampler (no MEMUSAGE_LIMIT_MB), no
# "Crawled N pages" line every minute (Progress below), no telnet or remote-control server. They
# are taken out of Scrapy's base list rather than set to None in EXTENSIONS: Scrapy imports the
# module of every component a setting names, and the remote control's imports aiohttp's web
# server (~0.3 CPU s at every start).
_unused_extensions = ("LogCount", "FeedExporter", "SpiderState", "MemoryUsage", "LogStats", "TelnetConsole",
                      "RemoteControl")
EXTENSIONS_BASE = {path: order for path, order in _scrapy_extensions.items()
                   if path.rsplit(".", 1)[-1] not in _unused_extensions}
EXTENSIONS = {
    # validators, the pre-pass and its answers; the middleware and Progress read it
    "crawler.revalidation_state.RevalidationState": 0,
    "crawler.extensions.Progress": 500,
    "crawler.gctune.GcThreshold": 0,  # fewer garbage collections while the spider runs
}

# duwang settings
DUWANG_STORE = "audit.db"  # StorePipeline, RevalidationMiddleware: the SQLite audit store
DUWANG_MAX_PAGES = 20000  # the frontier: pages fetched per site (link checks not counted)
DUWANG_MAX_DEPTH = 12  # PortalSpider
DUWANG_CHECK_EXTERNAL = True  # PortalSpider: HEAD-check external links and attachments
DUWANG_MAX_CHECKS_PER_HOST = 500  # LinkCheckBudgetMiddleware: link checks sent per host; the rest 未检查
DUWANG_MAX_CHECKS = 5000  # LinkCheckBudgetMiddleware: link checks sent per run; the rest 未检查
DUWANG_RETRY_TIMES = 3  # BackoffRetryMiddleware
DUWANG_RETRY_BASE_DELAY = 1.0  # BackoffRetryMiddleware: seconds, doubled per retry
DUWANG_RETRY_MAX_DELAY = 120.0  # BackoffRetryMiddleware: cap for Retry-After and back-off
DUWANG_RETRY_CODES = [429, 403, 500, 502, 503, 504, 408, 522, 524]
DUWANG_BLOCKED_STOP_AFTER = 50  # BackoffRetryMiddleware: consecutive blocked answers that stop a site
DUWANG_REVALIDATE = True  # RevalidationState, RevalidationMiddleware: conditional requests against the previous run
DUWANG_REVALIDATE_PREPASS = True  # RevalidationState: send them first in one lean pass (crawler.revalidate)
DUWANG_FLUSH_EVERY = 200  # StorePipeline: results per transaction
DUWANG_STORE_CACHE_MB = 64  # StorePipeline: SQLite page cache of the crawl's writer (0: SQLite's 2 MB)
DUWANG_GC_THRESHOLD = 20000  # GcThreshold: Python's first GC threshold during a crawl (0: Python's 700)
DUWANG_PROGRESS = "auto"  # Progress: auto (a status line on a terminal, log lines otherwise) | off
DUWANG_ROBOTS_5XX = "disallow"  # RobotsTxtMiddleware: a robots.txt answering 5xx (RFC 9309) | "allow"
# PortalSpider: what is fetched once, within DUWANG_MAX_PAGES (crawler.frontier); the workers
# of a distributed audit use crawler.distributed.frontier.RedisFrontier
DUWANG_FRONTIER_CLASS = "crawler.frontier.sqlite.SqliteFrontier"
