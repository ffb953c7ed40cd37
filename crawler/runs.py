"""The statuses of a run (``runs.status``): one vocabulary for every writer and reader.

A run is ``running`` from :meth:`Store.start_run` (or :meth:`Store.resume_run`) until one of:

* ``finished``: the crawl stored everything it fetched and the rules ran (:meth:`Store.finish_run`);
  the next re-inspection revalidates against the newest finished run;
* ``interrupted``: stopped before the end (Ctrl-C, a failed store write, a stalled worker;
  :meth:`Store.interrupt_run`); the next run of the same command resumes it;
* ``abandoned``: an open run the user chose not to resume (``--no-resume``; :meth:`Store.abandon_open_runs`);
* ``failed``: a run that must not be resumed nor compared against (:meth:`Store.fail_run`).

A killed process leaves its run ``running``: it is resumed like an interrupted one.
"""

from __future__ import annotations

from enum import Enum


class RunStatus(str, Enum):
    RUNNING = "running"
    FINISHED = "finished"
    INTERRUPTED = "interrupted"
    ABANDONED = "abandoned"
    FAILED = "failed"

    def __str__(self) -> str:  # the stored string, also in f-strings and JSON lines
        return self.value


# Runs that the next crawl of the site continues (a killed run is still ``running``).
OPEN = (RunStatus.RUNNING, RunStatus.INTERRUPTED)


def sql_list(statuses) -> str:
    """``'running', 'interrupted'`` for an SQL ``IN (...)`` (the values are this module's, not input)."""
    return ", ".join(f"'{RunStatus(s).value}'" for s in statuses)
