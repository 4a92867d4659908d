"""The device's Ed25519 key pair, kept as files in the data directory.

Made on first run (DESIGN §4): the private key signs every constancia the
device issues; its public key gives the device code and is registered with
the server at enrollment. The private key file is readable by its owner only
(mode 0600 where the platform supports it) and is written atomically, so a
crash never leaves half a key; two processes starting at once end with the
same key pair.
"""

from __future__ import annotations

import base64
import logging
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

from app.domain.signing import generate_keypair, key_id, public_key_from_private

logger = logging.getLogger(__name__)

PRIVATE_KEY_FILE = "device_ed25519.key"
PUBLIC_KEY_FILE = "device_ed25519.pub"
#: "DEVICECODE INSTALL_ID": the database whose folio counter this key signs under.
BINDING_FILE = "device_ed25519.binding"
RETIRED_DIR = "retired-keys"
_HEADER = "aula-ed25519-private-v1"


class KeyFileError(RuntimeError):
    """The key file exists but cannot be used; the message says what to do."""


@dataclass(frozen=True)
class DeviceKeys:
    """The device's key pair.

    Attributes:
        private_raw: the raw 32-byte Ed25519 private key.
        public_raw: the raw 32-byte public key.
    """

    private_raw: bytes
    public_raw: bytes

    @property
    def device_code(self) -> str:
        """The device code (and key id): 8 base32 characters from the public key."""
        return key_id(self.public_raw)

    def __repr__(self) -> str:
        return f"DeviceKeys(device_code={self.device_code!r})"


def _encode_private(private_raw: bytes) -> str:
    return f"{_HEADER}\n{base64.b64encode(private_raw).decode('ascii')}\n"


def _decode_private(text: str, path: Path) -> bytes:
    lines = text.strip().splitlines()
    try:
        if len(lines) != 2 or lines[0] != _HEADER:
            raise ValueError("unexpected header")
        raw = base64.b64decode(lines[1], validate=True)
        if len(raw) != 32:
            raise ValueError("wrong length")
    except ValueError as error:
        raise KeyFileError(
            f"La llave del equipo en {path} está dañada ({error}). Restáurela desde un "
            "respaldo; sin ella este equipo no puede firmar constancias."
        ) from error
    return raw


def _write_exclusive(path: Path, content: str, mode: int) -> bool:
    """Create ``path`` with ``content`` unless it exists; ``False`` if it did."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        if sys.platform != "win32":
            os.chmod(temporary, mode)
        try:
            os.link(temporary, path)  # atomic and fails if the file appeared meanwhile
        except FileExistsError:
            return False
        except OSError:
            if path.exists():
                return False
            os.replace(temporary, path)  # file systems without hard links
            return True
        return True
    finally:
        temporary.unlink(missing_ok=True)


def load_keys(directory: Path) -> DeviceKeys:
    """Read the key pair from ``directory``.

    Raises:
        FileNotFoundError: there is no key yet.
        KeyFileError: the file is damaged or does not match its public key.
    """
    private_path = directory / PRIVATE_KEY_FILE
    private_raw = _decode_private(private_path.read_text(encoding="ascii"), private_path)
    public_raw = public_key_from_private(private_raw)
    public_path = directory / PUBLIC_KEY_FILE
    if public_path.exists():
        stored = base64.b64decode(public_path.read_text(encoding="ascii").strip() or "")
        if stored != public_raw:
            raise KeyFileError(
                f"La llave pública en {public_path} no corresponde a la llave privada del "
                "equipo. Borre el archivo .pub para regenerarlo desde la llave privada."
            )
    if sys.platform != "win32":
        mode = stat.S_IMODE(private_path.stat().st_mode)
        if mode & 0o077:
            logger.warning("Private key %s had mode %o; restricting it to 0600", private_path, mode)
            os.chmod(private_path, 0o600)
    return DeviceKeys(private_raw, public_raw)


def load_or_create_keys(directory: Path) -> DeviceKeys:
    """The device's key pair, made and stored on first use.

    Args:
        directory: the data directory (``app.storage.paths.data_dir()``).
    """
    directory.mkdir(parents=True, exist_ok=True)
    private_path = directory / PRIVATE_KEY_FILE
    if not private_path.exists():
        private_raw, public_raw = generate_keypair()
        if _write_exclusive(private_path, _encode_private(private_raw), 0o600):
            logger.info("Created the device key pair; device code %s", key_id(public_raw))
    keys = load_keys(directory)
    public_path = directory / PUBLIC_KEY_FILE
    if not public_path.exists():
        _write_exclusive(public_path, base64.b64encode(keys.public_raw).decode("ascii") + "\n",
                         0o644)
    return keys


# -- one key, one database: folio numbering never restarts -------------------
#
# A folio's counter lives in the database, its device code in the key. If the
# database is lost or emptied while the key survives, a new database would
# count from 1 again under the same device code. So a key serves exactly one
# database: the first database to register it writes the binding file, and a
# database that finds the key already bound to another one gets a new key pair.
# Retired keys are kept (their public halves verify what they signed).


def key_binding(directory: Path) -> tuple[str, str] | None:
    """(device code, install id) of the database the current key serves, if any."""
    try:
        code, install_id = (directory / BINDING_FILE).read_text(encoding="ascii").split()
    except (FileNotFoundError, ValueError):
        return None
    return code, install_id


def bind_keys(directory: Path, keys: DeviceKeys, install_id: str) -> None:
    """Record that ``keys`` now sign for the database with ``install_id``."""
    path = directory / BINDING_FILE
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="ascii") as handle:
        handle.write(f"{keys.device_code} {install_id}\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)


def keys_for_new_database(directory: Path) -> DeviceKeys:
    """The key pair for a database that has no device row yet.

    A key already bound to another database is retired first and a new pair
    made, so the new database's folios can never repeat the old ones.
    """
    current = None
    if (directory / PRIVATE_KEY_FILE).exists():
        current = load_keys(directory)
    binding = key_binding(directory)
    if current is not None and binding is not None and binding[0] == current.device_code:
        _retire(directory, current)
    return load_or_create_keys(directory)


def _retire(directory: Path, keys: DeviceKeys) -> None:
    retired = directory / RETIRED_DIR
    retired.mkdir(exist_ok=True)
    for name in (PRIVATE_KEY_FILE, PUBLIC_KEY_FILE, BINDING_FILE):
        source = directory / name
        if source.exists():
            os.replace(source, retired / f"{keys.device_code}.{name.split('.')[-1]}")
    logger.warning("Key %s served another database; retired it and made a new key pair", keys.device_code)


def retired_keys(directory: Path) -> list[DeviceKeys]:
    """Key pairs retired from this data directory, oldest code first."""
    found = []
    for private in sorted((directory / RETIRED_DIR).glob("*.key")):
        raw = _decode_private(private.read_text(encoding="ascii"), private)
        found.append(DeviceKeys(raw, public_key_from_private(raw)))
    return found
