"""Revisions of the server schema, applied in order by ``aula-server init``."""
