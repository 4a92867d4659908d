"""Exports of the director's coverage: XLSX, CSV, PDF and the DC-4-style list of constancias.

Writers take plain frozen data (:mod:`app.exporting.model`) built by the
services and know nothing of the database; they run off the GUI thread.
"""
