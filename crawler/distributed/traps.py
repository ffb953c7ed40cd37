"""The URL-trap guard shared by every worker of a run.

Each worker's own :class:`~crawler.urls.TrapGuard` would let through its own
``max_query_variants`` variants of an endless calendar, so N workers crawled up to N times
as many. Here the variants of each path are counted once, in Redis, atomically (a Lua
script), so the run as a whole keeps the single-process limit exactly.
"""

from __future__ import annotations

from ..urls import TrapGuard
from .keys import SharedAudit

# KEYS: variants set, counts hash. ARGV: member ("path?query"), path, limit. Returns 1 or 0.
ADMIT_VARIANT = """
if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
if tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0') >= tonumber(ARGV[3]) then return 0 end
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
return 1
"""


class SharedTrapGuard(TrapGuard):
    def __init__(self, shared: SharedAudit, run_id: int, **limits):
        super().__init__(**limits)
        self.keys = [shared.trap_variants_key(run_id), shared.trap_counts_key(run_id)]
        self.script = shared.server.register_script(ADMIT_VARIANT)
        self.known: dict[str, bool] = {}  # answers never change: a full path stays full

    def admit_variant(self, path: str, query: str) -> bool:
        member = f"{path}?{query}"
        answer = self.known.get(member)
        if answer is None:
            answer = self.known[member] = bool(
                self.script(keys=self.keys, args=[member, path, self.max_query_variants]))
        return answer
