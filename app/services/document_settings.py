"""How this installation prints its documents: institution, logos, signatories,
and the verification address printed in every QR.

Everything is stored in the database, so the desktop app and the ``aula``
command print the same thing: texts and image names in the single row of
``document_settings``, the director's name on the unit, and the verification
address on the ``device`` row (set by hand here, and by enrollment with the
server's public address). Chosen images are copied into the data directory's
``branding`` folder, so moving or deleting the original file changes nothing.

:func:`branding` turns all of it into the :class:`~app.documents.models.Branding`
the PDF builders take.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlmodel import Session, select

from app.documents.models import Branding, ConstanciaPage
from app.domain.signing import SIGNATURE_BYTES, CertifiedFields, build_qr_text, has_verification_address
from app.services.catalog import RESOURCES, get_unit
from app.services.context import Context
from app.services.errors import InvalidInput, NotFound
from app.storage import changes, paths
from app.storage.keys import DeviceKeys
from app.storage.tables import Device, DocumentSettings, Unit, utcnow

logger = logging.getLogger(__name__)

TEXT_FIELDS = ("institution_name", "programme_name", "instructor_title", "director_title")
IMAGE_FIELDS = ("logo_left", "logo_right", "instructor_signature", "director_signature")
DEFAULT_INSTRUCTOR_TITLE = Branding.instructor_title
DEFAULT_DIRECTOR_TITLE = Branding.director_title
PLACEHOLDER_LOGO_LEFT = RESOURCES / "branding" / "placeholder-institution.png"
PLACEHOLDER_LOGO_RIGHT = RESOURCES / "branding" / "placeholder-unit.png"
MAX_ADDRESS_LENGTH = 80

HINT_ONLINE = Branding.verify_hint
HINT_OFFLINE = "Verifique la autenticidad de este código con la aplicación Aula."
NOT_CONFIGURED = "Verificación en línea no configurada"

_IMAGE_LABELS = {
    "logo_left": "el logotipo izquierdo", "logo_right": "el logotipo derecho",
    "instructor_signature": "la firma del instructor", "director_signature": "la firma del director",
}
_IMAGE_SIGNATURES = {b"\x89PNG\r\n\x1a\n": ".png", b"\xff\xd8\xff": ".jpg"}


@dataclass(frozen=True)
class DocumentSettingsInfo:
    """What the documents print, as stored (images resolved to files of the data directory).

    Attributes:
        institution_name: first header line; empty = the unit's employer name or name.
        programme_name: second header line; empty = the course's programme.
        logo_left, logo_right: the copied images, or ``None`` (neutral placeholders are printed).
        instructor_title, director_title: the lines under the signatures; empty = the defaults.
        instructor_signature, director_signature: scanned signature images, or ``None``.
        verify_base_url: the verification address printed in the QR; empty = not configured.
    """

    institution_name: str = ""
    programme_name: str = ""
    logo_left: Path | None = None
    logo_right: Path | None = None
    instructor_title: str = ""
    director_title: str = ""
    instructor_signature: Path | None = None
    director_signature: Path | None = None
    verify_base_url: str = ""

    @property
    def online_verification(self) -> bool:
        return bool(self.verify_base_url)


# --------------------------------------------------------------------------- reading


def branding_dir() -> Path:
    """Where chosen logos and signatures are kept (inside the data directory)."""
    folder = paths.data_dir() / "branding"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _image_path(name: str) -> Path | None:
    return branding_dir() / name if name else None


def _read(s: Session) -> DocumentSettingsInfo:
    row = s.get(DocumentSettings, 1) or DocumentSettings()
    device = s.get(Device, 1)
    return DocumentSettingsInfo(
        **{f: getattr(row, f) for f in TEXT_FIELDS},
        **{f: _image_path(getattr(row, f)) for f in IMAGE_FIELDS},
        verify_base_url=device.verify_base_url if device is not None else "",
    )


def get_document_settings(ctx: Context) -> DocumentSettingsInfo:
    with ctx.db.read() as s:
        return _read(s)


def verification_address(ctx: Context) -> str:
    """The address printed in QRs (``https://host``), or ``""`` when none is configured."""
    with ctx.db.read() as s:
        device = s.get(Device, 1)
        return device.verify_base_url if device is not None else ""


def verify_hint_for(qr_text: str) -> str:
    """The line printed under a QR: scan it (a URL) or check it with the app (payload alone)."""
    return HINT_ONLINE if has_verification_address(qr_text) else HINT_OFFLINE


def branding_from(settings: DocumentSettingsInfo, *, unit_name: str, director_name: str,
                  programme: str = "") -> Branding:
    """The :class:`Branding` for these settings (also for unsaved ones: the live preview)."""
    return Branding(
        institution_name=settings.institution_name or unit_name,
        programme_name=settings.programme_name or programme,
        logo_left=settings.logo_left or PLACEHOLDER_LOGO_LEFT,
        logo_right=settings.logo_right or PLACEHOLDER_LOGO_RIGHT,
        director_name=director_name,
        director_title=settings.director_title or DEFAULT_DIRECTOR_TITLE,
        instructor_title=settings.instructor_title or DEFAULT_INSTRUCTOR_TITLE,
        instructor_signature=settings.instructor_signature,
        director_signature=settings.director_signature,
        verify_hint=HINT_ONLINE if settings.verify_base_url else HINT_OFFLINE,
    )


def branding(ctx: Context, unit_code: str, programme: str = "") -> Branding:
    """What the documents of a unit's groups print.

    Args:
        unit_code: the group's unit (its director signs; its name is the fallback institution).
        programme: the course's programme, printed when no programme is configured.
    """
    unit = get_unit(ctx, unit_code)
    return branding_from(get_document_settings(ctx), unit_name=unit.employer_name or unit.name,
                         director_name=unit.director_name, programme=programme)


# --------------------------------------------------------------------------- validation


def normalize_verification_address(url: str) -> str:
    """``url`` without surrounding spaces or trailing ``/``; ``""`` stays ``""``.

    Raises:
        InvalidInput: not an ``https://`` or ``http://`` address with a host, or too long.
    """
    text = (url or "").strip().rstrip("/")
    if not text:
        return ""
    parts = urlsplit(text)
    if (parts.scheme.lower() not in ("https", "http") or not parts.hostname or parts.query
            or parts.fragment or parts.username or parts.password or any(c.isspace() for c in text)):
        raise InvalidInput(
            f"«{text}» no es una dirección de verificación válida: escriba la dirección pública del "
            "servidor, por ejemplo https://verifica.su-institucion.mx.")
    if len(text) > MAX_ADDRESS_LENGTH:
        raise InvalidInput(
            f"La dirección de verificación tiene {len(text)} caracteres; use una de "
            f"{MAX_ADDRESS_LENGTH} como máximo para que el código QR se pueda leer impreso.")
    return f"{parts.scheme.lower()}://{text.split('://', 1)[1]}"


def check_image(path: Path, field: str) -> str:
    """The suffix (``.png`` / ``.jpg``) of a chosen image, read from its first bytes.

    Raises:
        InvalidInput: the file cannot be read or is not a PNG or JPEG (names it, in Spanish).
    """
    path = Path(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise InvalidInput(f"No se pudo leer {_IMAGE_LABELS[field]} «{path}»: "
                           f"{exc.strerror or exc}.") from exc
    for magic, suffix in _IMAGE_SIGNATURES.items():
        if head.startswith(magic):
            return suffix
    raise InvalidInput(f"«{path.name}» no es una imagen PNG ni JPEG; elija {_IMAGE_LABELS[field]} "
                       "en uno de esos formatos.")


def _copy_image(path: Path, field: str) -> str:
    """Copy a chosen image into the branding folder; return its stored name."""
    path = Path(path)
    suffix = check_image(path, field)
    data = path.read_bytes()
    name = f"{field}-{hashlib.sha256(data).hexdigest()[:16]}{suffix}"
    target = branding_dir() / name
    if not target.exists():
        partial = target.with_name(name + ".part")
        shutil.copyfile(path, partial)
        partial.replace(target)
    return name


# --------------------------------------------------------------------------- writing

# A fixed id for the audit entries of the single settings row.
_SETTINGS_ID = uuid.UUID(int=1)


def save_document_settings(ctx: Context, *, unit_code: str | None = None, director_name: str | None = None,
                           verify_base_url: str | None = None, keys: DeviceKeys | None = None,
                           **values: str | Path | None) -> DocumentSettingsInfo:
    """Change what the documents print; only the fields given change.

    Args:
        unit_code, director_name: the unit whose director signs, and the new name.
        verify_base_url: the verification address (``""`` = not configured);
            see :func:`set_verification_address`.
        keys: the device key pair when the device row must be made (tests).
        values: texts (:data:`TEXT_FIELDS`) as ``str``; images (:data:`IMAGE_FIELDS`)
            as the ``Path`` of a PNG or JPEG to copy in, or ``None`` to remove it.

    Raises:
        InvalidInput: an unknown field, a file that is not an image, an invalid address.
    """
    unknown = set(values) - set(TEXT_FIELDS) - set(IMAGE_FIELDS)
    if unknown:
        raise InvalidInput(f"Campos desconocidos de los documentos: {', '.join(sorted(unknown))}.")
    if director_name is not None and unit_code is None:
        raise InvalidInput("Indique la unidad cuyo director firma las constancias.")
    stored: dict[str, str] = {}
    for name, value in values.items():
        if name in TEXT_FIELDS:
            stored[name] = " ".join(str(value or "").split())
        else:
            stored[name] = _copy_image(Path(value), name) if value else ""
    address = normalize_verification_address(verify_base_url) if verify_base_url is not None else None
    if address:
        _ensure_device_row(ctx, keys)
    with ctx.db.write() as s:
        row = s.get(DocumentSettings, 1) or DocumentSettings(id=1)
        before = {k: getattr(row, k) for k in stored}
        if before != stored:
            for key, value in stored.items():
                setattr(row, key, value)
            row.updated_at = utcnow()
            s.add(row)
            changes.audit(s, actor=ctx.actor, action="documents.settings", entity="document_settings",
                          entity_id=_SETTINGS_ID, details={k: v for k, v in stored.items() if before[k] != v})
        if director_name is not None:
            _set_director(s, ctx, unit_code, director_name)
        if address is not None:
            _set_address(s, ctx, address)
        result = _read(s)
    logger.info("Document settings saved: %s", ", ".join(sorted(stored)) or "no texts or images")
    return result


def set_verification_address(ctx: Context, url: str, *, keys: DeviceKeys | None = None) -> str:
    """Set the address printed in every QR from now on (``""``: none, offline QR).

    Enrollment calls this with the server's public address. Constancias
    already issued keep the QR they were signed with.

    Returns:
        The address as stored.

    Raises:
        InvalidInput: not an ``https://`` / ``http://`` address with a host.
    """
    address = normalize_verification_address(url)
    if address:
        _ensure_device_row(ctx, keys)
    with ctx.db.write() as s:
        _set_address(s, ctx, address)
    return address


def _ensure_device_row(ctx: Context, keys: DeviceKeys | None) -> None:
    # The address lives on the device row, which needs the key pair (made on first use).
    from app.services.constancias import register_local_device

    with ctx.db.read() as s:
        exists = s.get(Device, 1) is not None
    if not exists or keys is not None:
        register_local_device(ctx, keys)


def _set_address(s: Session, ctx: Context, address: str) -> None:
    device = s.get(Device, 1)
    if device is None or device.verify_base_url == address:
        return  # no device row yet: there is no address to clear
    changes.audit(s, actor=ctx.actor, action="device.verify_address", entity="device",
                  entity_id=device.install_id,
                  details={"before": device.verify_base_url, "after": address})
    device.verify_base_url = address
    s.add(device)
    logger.info("Verification address set to %s", address or "(none)")


def _set_director(s: Session, ctx: Context, unit_code: str, director_name: str) -> None:
    unit = s.exec(select(Unit).where(Unit.code == unit_code.strip().upper())).first()
    if unit is None:
        raise NotFound(f"No existe la unidad {unit_code}.")
    name = " ".join(director_name.split())
    if unit.director_name != name:
        unit.director_name = name
        changes.save(s, unit, actor=ctx.actor, action="unit.update", details={"director_name": name})


# --------------------------------------------------------------------------- preview

PREVIEW_MARK = "VISTA PREVIA"


def preview_constancia(settings: DocumentSettingsInfo, *, unit_name: str, director_name: str,
                       today: dt.date) -> bytes:
    """A sample constancia (PDF bytes) printed with ``settings``, saved or not.

    The page is marked «VISTA PREVIA» and its QR carries sample data with a
    blank signature, in the form the settings would print (URL or ``AULA:``).
    """
    from app.documents.constancia import render_constancia

    fields = CertifiedFields(
        folio=f"AAAAAAAA-{today.year}-000001", worker_name="Nombre(s) Apellido Paterno Materno",
        curp_masked="XXXX******X*****00", course_name="Nombre del curso", hours=12,
        dates=(today,), venue=unit_name, instructor_name="Nombre del instructor(a)")
    qr_text = build_qr_text(fields, "AAAAAAAA", bytes(SIGNATURE_BYTES), settings.verify_base_url)
    printed = branding_from(settings, unit_name=unit_name, director_name=director_name)
    data, _ = render_constancia(ConstanciaPage(fields, qr_text, today, PREVIEW_MARK), printed)
    return data
