"""What an issued constancia froze at issue time: a typed, versioned value (DESIGN §4).

The snapshot is stored as JSON in the ``constancia`` row and is the only
source for reprints, the DC-3 and the lists: the worker and course rows may
change later, the snapshot never does. :meth:`ConstanciaSnapshot.from_json`
reads every version ever written and migrates it on read, so constancias
issued by older versions of Aula keep loading.

Versions:

* 0: no version key; ``printed`` may be missing (the texts then follow the
  current branding).
* 1: ``snapshot_version`` 1; optional keys ``participant_institution`` and
  ``supersedes_folio`` written only when set.
* 2: every key written (empty strings when unset).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.signing import CertifiedFields

SCHEMA_VERSION = 2
_VERSION_KEY = "snapshot_version"


class SnapshotError(ValueError):
    """A stored snapshot that no version of Aula wrote (damaged or from the future)."""


@dataclass(frozen=True)
class PrintedTexts:
    """The branding texts printed on the constancia when it was issued."""

    institution_name: str
    programme_name: str
    director_name: str
    director_title: str
    instructor_title: str

    def to_dict(self) -> dict[str, str]:
        return {"institution_name": self.institution_name, "programme_name": self.programme_name,
                "director_name": self.director_name, "director_title": self.director_title,
                "instructor_title": self.instructor_title}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PrintedTexts:
        return cls(*(str(data.get(key, "")) for key in (
            "institution_name", "programme_name", "director_name", "director_title", "instructor_title")))


@dataclass(frozen=True)
class ConstanciaSnapshot:
    """Everything a constancia certifies and prints, frozen at issue.

    Attributes:
        fields: the certified fields (what the QR signs).
        issued_on: the date printed in the footer.
        printed: the branding texts as printed; ``None`` for the oldest rows,
            which did not keep them.
        worker_matricula: the holder's matrícula (``None`` for an external participant).
        group_code: the group's code.
        course_code: the course's code.
        participant_institution: an external participant's institution ("" otherwise).
        supersedes_folio: the folio this constancia corrects ("" otherwise).
        schema_version: :data:`SCHEMA_VERSION` once loaded (older rows are migrated on read).
    """

    fields: CertifiedFields
    issued_on: dt.date
    printed: PrintedTexts | None
    worker_matricula: str | None
    group_code: str
    course_code: str
    participant_institution: str = ""
    supersedes_folio: str = ""
    schema_version: int = SCHEMA_VERSION

    def to_dict(self) -> dict[str, Any]:
        return {
            _VERSION_KEY: SCHEMA_VERSION,
            "fields": self.fields.to_dict(),
            "issued_on": self.issued_on.isoformat(),
            "printed": self.printed.to_dict() if self.printed is not None else None,
            "worker_matricula": self.worker_matricula,
            "group_code": self.group_code,
            "course_code": self.course_code,
            "participant_institution": self.participant_institution,
            "supersedes_folio": self.supersedes_folio,
        }

    def to_json(self) -> str:
        """The stored form: canonical JSON (sorted keys, UTF-8 text)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ConstanciaSnapshot:
        """Load any stored version, migrating it to the current one.

        Raises:
            SnapshotError: a version newer than this code, or a required key missing.
        """
        version = data.get(_VERSION_KEY, 0)
        if not isinstance(version, int) or not 0 <= version <= SCHEMA_VERSION:
            raise SnapshotError(f"Versión de instantánea desconocida: {version!r}.")
        try:
            printed = data.get("printed")
            return cls(
                fields=CertifiedFields.from_dict(data["fields"]),
                issued_on=dt.date.fromisoformat(data["issued_on"]),
                printed=PrintedTexts.from_dict(printed) if printed else None,
                worker_matricula=data.get("worker_matricula"),
                group_code=str(data.get("group_code", "")),
                course_code=str(data.get("course_code", "")),
                participant_institution=str(data.get("participant_institution") or ""),
                supersedes_folio=str(data.get("supersedes_folio") or ""),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise SnapshotError(f"Instantánea de constancia incompleta o dañada: {error!r}.") from error

    @classmethod
    def from_json(cls, text: str) -> ConstanciaSnapshot:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise SnapshotError("La instantánea de la constancia no es JSON válido.") from error
        if not isinstance(data, dict):
            raise SnapshotError("La instantánea de la constancia no es un objeto JSON.")
        return cls.from_dict(data)
