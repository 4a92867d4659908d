"""Hostile XLSX files written with raw :mod:`zipfile` streaming (never openpyxl, never whole in memory)."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path

EXCEL_ROWS = 1_048_576

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '</Types>'
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="xl/workbook.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
    '</Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Plantilla" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>'
    '</Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>'
)
_SHEET_TAIL = "</sheetData></worksheet>"
_COLUMNS = "ABCDEFGHIJ"
HEADER = ["Matrícula", "Nombre(s)", "Apellido paterno", "CURP"]


def row_xml(number: int, cells: Iterable[str]) -> str:
    inline = "".join(f'<c r="{_COLUMNS[i]}{number}" t="inlineStr"><is><t>{text}</t></is></c>'
                     for i, text in enumerate(cells))
    return f'<row r="{number}">{inline}</row>'


def write_xlsx_stream(path: Path, sheet_chunks: Iterator[bytes], *, dimension: str | None = None,
                      force_zip64: bool = False) -> Path:
    """A one-sheet workbook whose sheet XML is ``sheet_chunks``, compressed as it is produced."""
    head = _SHEET_HEAD.format(dimension=f'<dimension ref="{dimension}"/>' if dimension else "")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=force_zip64) as sheet:
            sheet.write(head.encode())
            for chunk in sheet_chunks:
                sheet.write(chunk)
            sheet.write(_SHEET_TAIL.encode())
    return path


def write_bomb(path: Path, gigabytes: int = 2, *, force_zip64: bool = True) -> Path:
    """A sheet that inflates to ``gigabytes`` GiB of blanks from a few MB of zip."""
    blank = b" " * (1024 * 1024)

    def chunks() -> Iterator[bytes]:
        yield row_xml(1, HEADER).encode()
        for _ in range(gigabytes * 1024):
            yield blank

    return write_xlsx_stream(path, chunks(), force_zip64=force_zip64)


def write_huge_sheet(path: Path, rows: int = EXCEL_ROWS, *, dimension: bool = True) -> Path:
    """Excel's largest sheet: a header and ``rows - 1`` rows of one number each (compact, as Excel
    writes numbers: ~45 MB of XML), declared or not in ``<dimension>``."""

    def chunks() -> Iterator[bytes]:
        batch = [row_xml(1, HEADER)]
        for number in range(2, rows + 1):
            batch.append(f'<row r="{number}"><c r="A{number}"><v>{90_000_000 + number}</v></c></row>')
            if len(batch) == 10_000:
                yield "".join(batch).encode()
                batch.clear()
        yield "".join(batch).encode()

    return write_xlsx_stream(path, chunks(), dimension=f"A1:C{rows}" if dimension else None)


def write_sparse_sheet(path: Path) -> Path:
    """A header, one staff row, and one more cell on Excel's last row: few tags, a million rows."""
    body = (row_xml(1, HEADER)
            + row_xml(2, ["99123456", "Juan", "Pérez", "PELJ800101HDFRPN09"])
            + row_xml(EXCEL_ROWS, ["x"]))
    return write_xlsx_stream(path, iter([body.encode()]))


def write_lying_bomb(path: Path) -> Path:
    """A 1 GiB sheet whose zip headers declare it inflates to 1,000 bytes."""
    write_bomb(path, gigabytes=1, force_zip64=False)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    data = bytearray(path.read_bytes())
    struct.pack_into("<I", data, info.header_offset + 22, 1000)  # local header: uncompressed size
    central = len(data)
    while True:
        central = data.rfind(b"PK\x01\x02", 0, central)
        if data[central + 46:central + 46 + len(info.filename)] == info.filename.encode():
            break
    struct.pack_into("<I", data, central + 24, 1000)  # central directory: uncompressed size
    path.write_bytes(bytes(data))
    return path
