"""Expected failures, each with a message a person can act on (in Spanish)."""

from __future__ import annotations

from app.domain.errors import UserError


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


class UnknownMatricula(ServiceError):
    def __init__(self, matricula: str) -> None:
        self.matricula = matricula
        super().__init__(f"No se encontró la matrícula {matricula}.")


class NotEnrolled(ServiceError):
    def __init__(self, matricula: str, group_code: str) -> None:
        self.matricula = matricula
        super().__init__(f"La matrícula {matricula} no está inscrita en el grupo {group_code}.")
