"""Fault drills for ``bench/run``: each returns a :class:`bench.report.Drill` with its counts."""
