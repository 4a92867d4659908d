"""Who signs: this device's key pair, its device code and the verification address (DESIGN §4).

An :class:`Issuer` is held by the services' context (:attr:`Context.issuer`);
tests inject one, the app makes the local one on first use from the key pair
in the data directory. The database and the key agree through the ``device``
row: a database never takes a key that already numbers folios for another
database (:func:`app.storage.keys.keys_for_new_database`).
"""

from __future__ import annotations

import base64
import dataclasses
import logging
from dataclasses import dataclass

from sqlmodel import Session

from app.domain.folio import Folio
from app.domain.signing import CertifiedFields, PayloadTooLarge, check_fits, sign_fields
from app.services import document_settings
from app.services.context import Context
from app.services.errors import ServiceError
from app.storage import changes, paths
from app.storage.keys import (
    DeviceKeys,
    KeyFileError,
    bind_keys,
    key_binding,
    keys_for_new_database,
    load_keys,
    load_or_create_keys,
)
from app.storage.tables import Device

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Issuer:
    """The signer of constancias.

    Attributes:
        keys: the device's Ed25519 key pair.
        verification_address: printed in every QR (``https://host``); ``""``
            when none is configured, and the QR then carries the signed payload alone.
    """

    keys: DeviceKeys
    verification_address: str = ""

    @property
    def device_code(self) -> str:
        return self.keys.device_code

    def with_address(self, address: str) -> Issuer:
        return dataclasses.replace(self, verification_address=address)

    def sign(self, fields: CertifiedFields) -> str:
        """The QR text of ``fields``, signed (raises :class:`PayloadTooLarge`)."""
        return sign_fields(fields, self.keys.private_raw, base_url=self.verification_address)

    def misfit(self, fields: CertifiedFields) -> str:
        """Empty when ``fields`` fit the QR whatever the folio's counter, else the reason."""
        folio = Folio.parse(fields.folio)
        widest = dataclasses.replace(fields, folio=str(Folio(folio.device_code, folio.year, 10**7 - 1)))
        try:
            check_fits(widest, self.device_code, base_url=self.verification_address)
        except PayloadTooLarge as error:
            return str(error)
        return ""


def local_issuer(ctx: Context) -> Issuer:
    """This device as the issuer: its key pair (made on first use) and its verification address."""
    return Issuer(_signing_keys(ctx, None), document_settings.verification_address(ctx))


def issuer_for(ctx: Context, keys: DeviceKeys | None = None, base_url: str | None = None) -> Issuer:
    """``ctx.issuer``, or one made of explicitly given keys and address; its device row ensured."""
    injected = ctx.injected_issuer
    if keys is None and injected is None:
        issuer = local_issuer(ctx)
    elif keys is None and injected is not None:
        issuer = injected
        _signing_keys(ctx, issuer.keys)
    else:
        issuer = Issuer(_signing_keys(ctx, keys), document_settings.verification_address(ctx))
    return issuer if base_url is None else issuer.with_address(base_url)


def device_keys() -> DeviceKeys:
    """This device's key pair, made on first use in the data directory."""
    return load_or_create_keys(paths.data_dir())


def register_local_device(ctx: Context, keys: DeviceKeys | None = None) -> DeviceKeys:
    """Make sure the ``device`` row exists and matches the key pair; return the keys.

    Issuing does this itself; enrollment (which sends the public key to the
    server) can call it first.

    Raises:
        ServiceError: the stored device code does not match the key file.
    """
    return _signing_keys(ctx, keys)


def _signing_keys(ctx: Context, keys: DeviceKeys | None) -> DeviceKeys:
    """The keys to sign with, once this database's device row exists and matches them.

    A database without a device row never takes a key that already numbers
    folios for another database: that key is retired and a new pair made
    (:func:`app.storage.keys.keys_for_new_database`), so folio numbering can
    never restart. The decision is taken under the write lock, so two
    processes starting on a new database agree on one key.
    """
    explicit = keys is not None
    keys = keys or device_keys()
    with ctx.db.write() as s:
        if explicit or s.get(Device, 1) is not None or not _bound_elsewhere(keys):
            ensure_device(s, ctx, keys)
            return keys
    keys = keys_for_new_database(paths.data_dir())
    with ctx.db.write() as s:
        ensure_device(s, ctx, keys)
    return keys


def _bound_elsewhere(keys: DeviceKeys) -> bool:
    binding = key_binding(paths.data_dir())
    return binding is not None and binding[0] == keys.device_code and keys == _data_dir_keys()


def ensure_device(s: Session, ctx: Context, keys: DeviceKeys) -> Device:
    """The ``device`` row, made for ``keys`` if missing (inside the caller's write transaction)."""
    device = s.get(Device, 1)
    public = base64.b64encode(keys.public_raw).decode("ascii")
    if device is None:
        device = Device(id=1, device_code=keys.device_code, public_key=public)
        s.add(device)
        changes.audit(s, actor=ctx.actor, action="device.create", entity="device",
                      entity_id=device.install_id, details={"device_code": keys.device_code})
        logger.info("Registered this device locally as %s", keys.device_code)
        if keys == _data_dir_keys():
            # From now on this key numbers folios for this database only.
            bind_keys(paths.data_dir(), keys, str(device.install_id))
    elif device.device_code != keys.device_code or device.public_key != public:
        raise ServiceError(
            f"La llave de firma de este equipo no corresponde a su registro ({device.device_code}). "
            "Restaure el archivo de llave desde un respaldo antes de emitir constancias."
        )
    return device


def _data_dir_keys() -> DeviceKeys | None:
    try:
        return load_keys(paths.data_dir())
    except (OSError, KeyFileError):
        return None
