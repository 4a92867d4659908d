"""Alembic migrations of the central server (server/migrations/env.py)."""
