"""PDF documents of Aula: constancias, DC-3, sign-in sheets and group reports.

Builders take the plain, frozen dataclasses of :mod:`app.documents.models`
and write PDF bytes; they know nothing of the database. This package may
import :mod:`app.domain` and nothing else of the application.
"""
