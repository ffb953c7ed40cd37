"""duwang findings: what the rules found, read back from the store and judged.

The layer between the rules and the reports (crawl → SQLite → rules → findings → reports):
:mod:`findings.records` writes and reads a run's findings and rule failures,
:mod:`findings.coverage` says how much of the site a run read, :mod:`findings.history`
compares two runs, and :mod:`findings.verdict` turns findings into 合格 / 不合格 and a score.
It imports the store and the rules, never the reports or the command line.
"""
