"""Expected failures, each with a message a person can act on (in Spanish)."""

from __future__ import annotations

import datetime as dt
import uuid

from app.domain.errors import UserError
from app.domain.text import WEEKDAYS_ES, date_es


class ServiceError(UserError):
    """A failure of a use case the user can understand and fix; ``str()`` is the Spanish message."""


class NotFound(ServiceError):
    pass


class InvalidInput(ServiceError):
    pass


class GroupClosed(ServiceError):
    def __init__(self, group_code: str) -> None:
        super().__init__(
            f"El grupo {group_code} está cerrado: sus registros no se pueden modificar. "
            "Reábralo si necesita corregir algo."
        )


class ChangedSince(ServiceError):
    """An undo or redo found marks that changed after its step (on another device, brought by a
    sync, or on another screen): the newer marks are kept and nothing was written."""

    def __init__(self, changed: int, name: str = "") -> None:
        self.changed = changed
        what = (f"la marca de {name} cambió" if changed == 1 and name
                else "una marca cambió" if changed == 1 else f"{changed} marcas cambiaron")
        super().__init__(
            f"No se deshizo ni rehízo nada: {what} después (en otro equipo o en otra pantalla) y se "
            "conserva lo más reciente. Revise la lista y corrija a mano si hace falta."
        )


class UnknownMatricula(ServiceError):
    def __init__(self, matricula: str) -> None:
        self.matricula = matricula
        super().__init__(f"No se encontró la matrícula {matricula}.")


class NotEnrolled(ServiceError):
    def __init__(self, matricula: str, group_code: str) -> None:
        self.matricula = matricula
        super().__init__(f"La matrícula {matricula} no está inscrita en el grupo {group_code}.")


def _day_es(day: dt.date) -> str:
    return f"{WEEKDAYS_ES[day.weekday()]} {date_es(day)}"


class SessionNotToday(ServiceError):
    """A scan into a session that is not held today: nothing was recorded.

    Attributes:
        session_index: the number of the session scanned into (1-based).
        session_date: the day that session is held.
        today: the day of the scan.
        today_session_id: the group's session held today, if there is one.
    """

    def __init__(self, session_index: int, session_date: dt.date, today: dt.date,
                 today_session_id: uuid.UUID | None, today_session_index: int | None = None) -> None:
        self.session_index = session_index
        self.session_date = session_date
        self.today = today
        self.today_session_id = today_session_id
        when = "fue el" if session_date < today else "será el"
        if today_session_index is not None:
            advice = f"Cambie a la sesión {today_session_index}, la de hoy."
        else:
            advice = "Este grupo no tiene sesión hoy."
        super().__init__(
            f"La sesión {session_index} {when} {_day_es(session_date)} y hoy es {_day_es(today)}: "
            f"no se registró nada. {advice}")

    @property
    def is_past(self) -> bool:
        return self.session_date < self.today


class CheckOutBeforeCheckIn(ServiceError):
    def __init__(self, check_in: dt.datetime, check_out: dt.datetime) -> None:
        self.check_in, self.check_out = check_in, check_out
        super().__init__(
            f"La salida ({check_out:%H:%M}) no puede ser anterior a la entrada ({check_in:%H:%M}): "
            "no se registró nada.")


class CheckOutAlreadyRecorded(ServiceError):
    """A scan on a past day would replace the check-out already recorded for that day."""

    def __init__(self, name: str, session_index: int, check_out: dt.datetime) -> None:
        super().__init__(
            f"{name} ya tiene registrada su salida de la sesión {session_index} a las "
            f"{check_out:%H:%M}: un escaneo no la reemplaza. Si está mal, cambie el estado en la tabla.")
