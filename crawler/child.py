"""Run one call in a forked child process and hand its result back to the parent.

The crawl runs this way (``crawler.runner.crawl_sites``). Two reasons:
- Memory: the crawl allocates and frees a great many small objects (responses, parse trees,
  requests). CPython keeps most of that heap after the crawl, so the rules and reports that follow
  would start from the crawl's high-water mark. A child's memory is returned to the system when it
  exits, so the parent's peak is the larger of the two phases, not their sum.
- Twisted's reactor starts once per process; a child per crawl lets one process (a library
  caller, a long-lived service) run one audit after another.

The child is forked, so it inherits everything the parent set up (logging, settings, patched
modules in tests). It runs in its own process group: SIGINT and SIGTERM sent to the parent (a
terminal's Ctrl-C, ``kill``, cron's timeout) are forwarded to it exactly once, so Scrapy shuts
down gracefully and the run stays resumable; a second signal is forwarded as well (Scrapy's
forced shutdown). If the parent dies (SIGKILL, out of memory), the child is killed with it
(Linux ``PR_SET_PDEATHSIG``), as the crawl was when it ran in the parent: nothing keeps writing
behind a resumed run's back.
Where ``os.fork`` is missing the call simply runs in this process.
"""

from __future__ import annotations

import ctypes
import os
import pickle
import signal
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")

FORWARDED = (signal.SIGINT, signal.SIGTERM)
_PR_SET_PDEATHSIG = 1


class ChildDied(RuntimeError):
    """The child ended without handing back a result (killed, or out of memory)."""


def run_in_child(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)`` in a forked child; its return value, or its exception re-raised."""
    if not hasattr(os, "fork"):
        return fn(*args, **kwargs)
    forward = threading.current_thread() is threading.main_thread()
    parent = os.getpid()
    read_end, write_end = os.pipe()
    _flush()
    # A signal that came between the fork and the forwarding handler would kill the parent and
    # never reach the child: held back over that gap, it is delivered (and forwarded) once the
    # handler is in place.
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, FORWARDED) if forward else None
    pid = os.fork()
    if pid == 0:  # the child: never returns
        os.close(read_end)
        if mask is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        _child(fn, args, kwargs, write_end, parent, own_group=forward)
    os.close(write_end)
    previous = _forward_signals(pid) if forward else {}
    if mask is not None:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    try:
        with os.fdopen(read_end, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if not data:
        raise ChildDied(f"crawl process ended without a result ({_describe(status)})")
    ok, value = pickle.loads(data)
    if ok:
        return value
    raise value


def _child(fn, args, kwargs, write_end: int, parent: int, *, own_group: bool) -> None:
    code = 0
    try:
        if own_group:
            os.setpgid(0, 0)  # a terminal's Ctrl-C reaches the parent only; it forwards it once
        _die_with(parent)
        try:
            payload = (True, fn(*args, **kwargs))
        except BaseException as e:  # noqa: BLE001 - every failure goes back to the parent
            payload = (False, _portable(e))
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(_dumps(payload))
    except BaseException:  # noqa: BLE001 - nothing may escape into the parent's code
        code = 70
    finally:
        _flush()
        os._exit(code)  # skip the parent's atexit handlers and finalizers


def _dumps(payload: tuple[bool, Any]) -> bytes:
    try:
        return pickle.dumps(payload)
    except Exception as e:  # noqa: BLE001 - an unpicklable result or exception
        return pickle.dumps((False, RuntimeError(f"crawl process result could not be handed back: {e}")))


def _portable(error: BaseException) -> BaseException:
    """The exception itself when it pickles, else a RuntimeError that says what it was."""
    text = "".join(traceback.format_exception(error))
    try:
        pickle.loads(pickle.dumps(error))
    except Exception:  # noqa: BLE001
        error = RuntimeError(f"{type(error).__name__}: {error}")
    error.add_note("in the crawl process:\n" + text)
    return error


def _forward_signals(pid: int) -> dict[int, Any]:
    def forward(signum, _frame):
        try:
            os.kill(pid, signum)
        except ProcessLookupError:
            pass

    return {signum: signal.signal(signum, forward) for signum in FORWARDED}


def _die_with(parent: int) -> None:
    """SIGKILL to this process when the parent dies (Linux); exit now if it already has."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(70)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError, AttributeError):
            pass
