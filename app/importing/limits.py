"""How big an import file may be, checked before anything is decompressed or parsed.

A real staff list or roster is far below these limits (a unit's plantilla has
hundreds or a few thousand rows); they only stop files that would take minutes
or gigabytes of memory: a decompression bomb (a few MB of zip that inflate to
gigabytes), a sheet with Excel's 1,048,576 rows, a CSV of hundreds of MB.

* at most :data:`MAX_ROWS` rows in the sheet or CSV read (banner and header
  rows included);
* XLSX: at most :data:`MAX_MEMBERS` members in the zip; each member at most
  :data:`MAX_MEMBER_BYTES` uncompressed and, when over :data:`RATIO_FLOOR_BYTES`,
  at most :data:`MAX_RATIO` times its compressed size; all members together at
  most :data:`MAX_TOTAL_BYTES`; each worksheet's ``<dimension>`` and its actual
  ``<row>`` elements (counted while streaming the XML, in bounded memory) at
  most :data:`MAX_ROWS`;
* CSV: at most :data:`MAX_CSV_BYTES`.

The sizes checked are those the zip declares; :mod:`zipfile` never inflates a
member beyond its declared size (a member that declares less than it holds
stops there and fails its CRC check), so the checks bound what is read later.
A declared size smaller than the compressed data is refused outright: deflate
never grows data by more than a few bytes per block.
"""

from __future__ import annotations

import re
import struct
import zipfile
from pathlib import Path

from app.importing.model import ImportFileError

MAX_ROWS = 100_000
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 150 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_FLOOR_BYTES = 1024 * 1024
MAX_CSV_BYTES = 50 * 1024 * 1024

TOO_BIG = "archivo demasiado grande"

_MB = 1024 * 1024
_EOCD = b"PK\x05\x06"
_EOCD_SIZE = 22
_MAX_COMMENT = 0xFFFF
_CHUNK = 1024 * 1024
# `<row ` or `<row>`, with or without a namespace prefix; not `<rowBreaks>`.
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_ROW_TAG_TAIL = 64  # bytes kept between chunks so a tag cut in two is still seen


def too_big(path: Path, detail: str) -> ImportFileError:
    """The error for a file over a limit: «…: archivo demasiado grande (detail).»"""
    return ImportFileError(path, f"{TOO_BIG} ({detail})")


def rows_over_limit(path: Path) -> ImportFileError:
    return too_big(path, f"más de {MAX_ROWS:,} filas; una plantilla real tiene muchas menos"
                   .replace(",", " "))


def check_csv_size(path: Path, size: int) -> None:
    """Refuse a CSV over :data:`MAX_CSV_BYTES` before it is read into memory."""
    if size > MAX_CSV_BYTES:
        raise too_big(path, f"{size // _MB} MB; el límite es {MAX_CSV_BYTES // _MB} MB")


def check_xlsx(path: Path) -> None:
    """Refuse an XLSX (zip) over any limit; read only the zip's directory and the sheets' XML.

    Raises:
        ImportFileError: «archivo demasiado grande» with the limit passed;
            a file that is not a readable zip is left for openpyxl to report.
    """
    try:
        with path.open("rb") as stream:
            if _declared_member_count(stream) > MAX_MEMBERS:
                raise too_big(path, f"más de {MAX_MEMBERS} partes en el libro")
            with zipfile.ZipFile(stream) as archive:
                _check_members(path, archive)
                for name in archive.namelist():
                    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                        _check_sheet_rows(path, archive, name)
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError):
        return  # openpyxl reports the damage in the usual words


def _declared_member_count(stream) -> int:
    """The member count of the end-of-central-directory record, read before zipfile lists them all.

    0xFFFF (a ZIP64 archive) counts as too many: no workbook has that many parts.
    """
    stream.seek(0, 2)
    size = stream.tell()
    tail_size = min(size, _EOCD_SIZE + _MAX_COMMENT)
    stream.seek(size - tail_size)
    tail = stream.read(tail_size)
    at = tail.rfind(_EOCD)
    if at < 0 or at + _EOCD_SIZE > len(tail):
        return 0  # not a zip: openpyxl says so
    (entries,) = struct.unpack("<H", tail[at + 10:at + 12])
    return MAX_MEMBERS + 1 if entries == 0xFFFF else entries


def _check_members(path: Path, archive: zipfile.ZipFile) -> None:
    total = 0
    for info in archive.infolist():
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise too_big(path, f"«{info.filename}» ocupa {info.file_size // _MB} MB al "
                          f"descomprimirse; el límite es {MAX_MEMBER_BYTES // _MB} MB")
        if (info.file_size > RATIO_FLOOR_BYTES
                and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
            raise too_big(path, f"«{info.filename}» se descomprime a más de {MAX_RATIO} veces "
                          "su tamaño")
        if info.compress_size > info.file_size * 1.01 + 1024:  # deflate never grows data this much
            raise too_big(path, f"«{info.filename}» declara un tamaño falso")
        if total > MAX_TOTAL_BYTES:
            raise too_big(path, f"más de {MAX_TOTAL_BYTES // _MB} MB al descomprimirse")


def _check_sheet_rows(path: Path, archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a worksheet that declares or holds more than :data:`MAX_ROWS` rows.

    The XML is streamed in 1 MB chunks; only the ``<row`` tags are counted.
    """
    rows = 0
    carry = b""
    first = True
    with archive.open(name) as member:
        while chunk := member.read(_CHUNK):
            data = carry + chunk
            if first:
                first = False
                declared = _DIMENSION.search(data[:64 * 1024])
                if declared is not None and int(declared.group(1)) > MAX_ROWS:
                    raise rows_over_limit(path)
            cut = max(len(data) - _ROW_TAG_TAIL, 0)  # tags starting later are counted next time
            rows += sum(1 for match in _ROW_TAG.finditer(data) if match.start() < cut)
            carry = data[cut:]
            if rows > MAX_ROWS:
                raise rows_over_limit(path)
    rows += len(_ROW_TAG.findall(carry))
    if rows > MAX_ROWS:
        raise rows_over_limit(path)
