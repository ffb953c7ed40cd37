"""Reachability probes: is each site's home page open within 15 seconds, right now?

国办秘函〔2019〕19号 judges 站点无法访问 over a week of at least 20 probes a day (veto at 5 %
failures). ``duwang probe`` (cron, every hour) asks each site's home page once and stores
one ``probes`` row per site per call in the audit directory's ``audit.db``; the audit's
``site.unreachable`` rule reads them. Cheap on purpose: one GET per site, all sites at once,
no crawl, no rules, no audit lock (a probe may run while an audit crawls).
"""

from __future__ import annotations

import asyncio
import socket
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

from crawler.store import Store, utcnow

PROBE_TIMEOUT = 15.0  # seconds for the home page to be open (the criteria's figure)
MAX_BODY = 5 * 1024 * 1024  # the page is read (that is "open"), but not without end


@dataclass
class Probe:
    site_id: int
    url: str
    probed_at: str
    ok: bool
    status: int | None
    error: str | None
    elapsed: float

    def row(self) -> dict:
        return {"site_id": self.site_id, "url": self.url, "probed_at": self.probed_at,
                "ok": int(self.ok), "status": self.status, "error": self.error,
                "elapsed": round(self.elapsed, 3)}


def _error_kind(exc: BaseException) -> str:
    if isinstance(exc, asyncio.TimeoutError):
        return "timeout"
    if isinstance(exc, aiohttp.ClientConnectorError):
        os_error = getattr(exc, "os_error", None)
        if isinstance(os_error, socket.gaierror):
            return "dns"
        if isinstance(os_error, ConnectionRefusedError):
            return "refused"
        return "connection"
    if isinstance(exc, aiohttp.ClientSSLError):
        return "ssl"
    return "connection"


async def _probe_one(session: aiohttp.ClientSession, site_id: int, url: str, timeout: float,
                     user_agent: str) -> Probe:
    at = utcnow()
    start = time.monotonic()
    status = None

    async def fetch() -> int:
        async with session.get(url, headers={"User-Agent": user_agent}, allow_redirects=True) as resp:
            read = 0
            async for chunk in resp.content.iter_chunked(65536):
                read += len(chunk)
                if read >= MAX_BODY:
                    break
            return resp.status

    try:
        status = await asyncio.wait_for(fetch(), timeout)
        error = None if status < 400 else f"http_{status}"
    except Exception as exc:  # every failure is a failed probe, never a crash
        error = _error_kind(exc)
    return Probe(site_id, url, at, error is None, status, error, time.monotonic() - start)


async def _probe_all(targets: list[tuple[int, str]], timeout: float, user_agent: str) -> list[Probe]:
    connector = aiohttp.TCPConnector(limit=0, ssl=False)
    async with aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar(),
                                     timeout=aiohttp.ClientTimeout(total=None)) as session:
        return list(await asyncio.gather(*(_probe_one(session, sid, url, timeout, user_agent)
                                           for sid, url in targets)))


def probe_sites(sites: list, out_dir: str | Path, *, timeout: float = PROBE_TIMEOUT) -> list[Probe]:
    """Probe each site's home page once and store one row per site in ``out_dir/audit.db``.

    ``sites``: :class:`audits.config.SiteSpec` (the same sites.toml as the audit, so the rows
    carry the audit's ``site_id``).
    """
    from crawler.settings import USER_AGENT

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with Store(out_dir / "audit.db") as store:
        targets = [(store.upsert_site(name=s.name, start_url=s.url, host=s.host, site_code=s.site_code,
                                      unit=s.unit), s.url) for s in sites]
    probes = asyncio.run(_probe_all(targets, timeout, USER_AGENT))
    with Store(out_dir / "audit.db") as store:  # not held open while the network is slow
        store.insert_rows("probes", [p.row() for p in probes])
    return probes
