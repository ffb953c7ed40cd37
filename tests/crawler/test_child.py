"""The crawl runs in a forked child (crawler.child): results and errors come back, signals sent to
the parent reach it once, a dead child is an error, and one process can crawl twice."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from crawler.child import ChildDied, run_in_child

from .conftest import ROOT, html, ok

STATE = {"touched": False}


def _touch_and_report():
    STATE["touched"] = True
    return {"pid": os.getpid(), "touched": STATE["touched"]}


def test_the_call_runs_in_another_process_and_its_result_comes_back():
    out = run_in_child(_touch_and_report)
    assert out == {"pid": out["pid"], "touched": True}
    assert out["pid"] != os.getpid()
    assert STATE["touched"] is False  # the child's state stays in the child


def _fail():
    raise ValueError("配置有误")


def test_an_exception_in_the_child_is_raised_in_the_parent_with_its_type_and_message():
    with pytest.raises(ValueError, match="配置有误") as info:
        run_in_child(_fail)
    assert any("in the crawl process" in note for note in info.value.__notes__)


class _Unpicklable(Exception):
    def __init__(self, lock):
        super().__init__("cannot travel")
        self.lock = lock


def _fail_unpicklably():
    import threading

    raise _Unpicklable(threading.Lock())


def test_an_exception_that_cannot_be_pickled_still_says_what_it_was():
    with pytest.raises(RuntimeError, match="_Unpicklable: cannot travel"):
        run_in_child(_fail_unpicklably)


def _die():
    os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_killed_without_a_result_is_an_error_not_a_hang():
    with pytest.raises(ChildDied, match="signal 9"):
        run_in_child(_die)


def test_sigterm_to_the_parent_reaches_the_child_once(tmp_path):
    ready = tmp_path / "ready"
    script = textwrap.dedent(f"""
        import signal, time
        from pathlib import Path
        from crawler.child import run_in_child

        def wait_for_signals():
            got = []
            signal.signal(signal.SIGTERM, lambda n, f: got.append(n))
            Path({str(ready)!r}).write_text("ready")
            end = time.monotonic() + 30
            while not got and time.monotonic() < end:
                time.sleep(0.05)
            time.sleep(0.5)  # a second, duplicated signal would arrive in this time
            return len(got)

        print("signals", run_in_child(wait_for_signals))
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT)})
    for _ in range(600):
        if ready.exists():
            break
        time.sleep(0.05)
    assert ready.exists()
    proc.send_signal(signal.SIGTERM)
    out, _ = proc.communicate(timeout=60)
    assert proc.returncode == 0  # the parent was not killed: it forwarded the signal and waited
    assert out.strip() == "signals 1"


def test_a_signal_between_fork_and_forwarding_reaches_the_child(tmp_path):
    # The parent is signalled right after the fork, before its forwarding handler is in place:
    # the signal must wait for the handler and go to the child, not to the parent's old handler.
    script = textwrap.dedent("""
        import os, signal, time
        from crawler import child

        got = []
        signal.signal(signal.SIGTERM, lambda n, f: got.append(n))  # the child inherits this one
        real_fork = os.fork

        def fork_then_signal():
            pid = real_fork()
            if pid:
                os.kill(os.getpid(), signal.SIGTERM)
            return pid

        os.fork = fork_then_signal

        def wait_for_signal():
            end = time.monotonic() + 5
            while not got and time.monotonic() < end:
                time.sleep(0.05)
            return len(got)

        print("child", child.run_in_child(wait_for_signal), "parent", len(got))
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "child 1 parent 0"


def test_one_process_can_crawl_twice(tmp_path, site_server):
    site = site_server({"/": ok(html('<a href="/a.html">甲</a>', title="首页")),
                        "/a.html": ok(html("<p>正文</p>", title="甲"))})
    script = textwrap.dedent(f"""
        from crawler.runner import crawl_sites
        site = {{"name": "县", "start_url": {site.url!r}, "host": None, "site_code": None, "unit": None,
                 "hosts": [], "crawl": {{}}}}
        settings = {{"DUWANG_PROGRESS": "off", "LOG_LEVEL": "WARNING", "ROBOTSTXT_OBEY": False}}
        for day in ("2026-11-20", "2026-11-27"):
            runs = crawl_sites({str(tmp_path / "audit.db")!r}, [site], as_of=day, settings=settings, resume=False)
            print(runs[0].run_id, runs[0].status.value)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=180,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == ["1", "finished", "2", "finished"]
    assert site.hits["/a.html"] >= 2  # the second crawl really fetched again


def test_a_killed_parent_takes_the_child_with_it(tmp_path):
    """SIGKILL to the parent (nothing can be forwarded) must not leave the crawl running behind a
    later resume's back."""
    pidfile = tmp_path / "child.pid"
    script = textwrap.dedent(f"""
        import os, time
        from pathlib import Path
        from crawler.child import run_in_child

        def linger():
            Path({str(pidfile)!r}).write_text(str(os.getpid()))
            time.sleep(60)

        run_in_child(linger)
    """)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    for _ in range(600):
        if pidfile.exists() and pidfile.read_text():
            break
        time.sleep(0.05)
    child = int(pidfile.read_text())
    proc.kill()
    proc.wait()
    for _ in range(200):
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        os.kill(child, signal.SIGKILL)
        pytest.fail("the child outlived its killed parent")
