"""Central coordination (issue 12): organisation, incremental coverage, the coordinators' dashboard.

Modules: :mod:`.models` (tables of migration 0006), :mod:`.coverage` (kept up
to date in the same transaction as each applied op), :mod:`.figures` (what the
API and the pages read), :mod:`.accounts` (coordinators, sessions, audit),
:mod:`.web` (pages), :mod:`.api` (``GET /v1/coverage``), :mod:`.exports`,
:mod:`.units_import` and :mod:`.operations` (backup and restore).
"""
