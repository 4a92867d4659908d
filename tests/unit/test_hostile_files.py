"""Hostile import files are refused quickly, in bounded memory, with «archivo demasiado grande».

Each refusal is measured in a child process: its wall time and its peak
resident memory, both as the child's own ``VmHWM`` and as ``ru_maxrss`` from
:func:`os.wait4` (which on Linux also counts the parent's pages copied at fork,
so it is an upper bound).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fixtures_import import CURP_JUAN, HEADER, write_csv
from hostile_xlsx import (
    row_xml,
    write_bomb,
    write_huge_sheet,
    write_lying_bomb,
    write_sparse_sheet,
    write_xlsx_stream,
)

from app.importing import ImportFileError, read_staff_file
from app.importing.limits import MAX_CSV_BYTES, MAX_ROWS

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 10
MEMORY_MB = 300

_READ_IN_CHILD = """
import sys
from app.importing import ImportFileError, read_staff_file
try:
    parsed = read_staff_file(sys.argv[1])
except ImportFileError as error:
    print(error)
else:
    print(f"read {len(parsed.records)} records")
with open("/proc/self/status") as status:  # this interpreter's own peak, reset at exec
    print(next(line for line in status if line.startswith("VmHWM:")))
"""


def measured_read(path: Path) -> tuple[str, float, float, float]:
    """Read ``path`` in a fresh interpreter.

    Returns:
        Its message, the seconds it took, its VmHWM and its ``ru_maxrss``, both in MB.
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    out = path.with_suffix(".out")
    with out.open("w") as sink:
        child = subprocess.Popen([sys.executable, "-c", _READ_IN_CHILD, str(path)], env=env,
                                 stdout=sink, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - started
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here: Popen must not wait again
    output = out.read_text(encoding="utf-8").strip()
    assert child.returncode == 0, output
    message, hwm = output.rsplit("\n", 1)
    return message, seconds, int(hwm.split()[1]) / 1024, usage.ru_maxrss / 1024  # Linux: kB


@pytest.fixture(scope="module")
def hostile_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile")


def assert_refused_fast_and_small(path: Path) -> str:
    message, seconds, peak_mb, maxrss_mb = measured_read(path)
    print(f"{path.name}: {seconds:.2f} s, VmHWM {peak_mb:.0f} MB, ru_maxrss {maxrss_mb:.0f} MB")
    assert "archivo demasiado grande" in message
    assert f'"{path.name}"' in message
    assert "\n" not in message and "Traceback" not in message
    assert seconds < SECONDS
    # VmHWM is the child's own peak; ru_maxrss is reported only (it also counts the
    # pages of the parent it forked from: the whole test session's, in a full run).
    assert peak_mb < MEMORY_MB
    return message


def test_a_decompression_bomb_is_refused_in_seconds_and_bounded_memory(hostile_dir):
    bomb = write_bomb(hostile_dir / "plantilla-bomba.xlsx", gigabytes=2)
    assert bomb.stat().st_size < 16 * 1024 * 1024  # a few MB that inflate to 2 GiB

    message = assert_refused_fast_and_small(bomb)

    assert "el límite es 150 MB" in message


def test_a_bomb_that_declares_a_small_size_is_refused(hostile_dir):
    bomb = write_lying_bomb(hostile_dir / "plantilla-mentirosa.xlsx")

    assert "declara un tamaño falso" in assert_refused_fast_and_small(bomb)


@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_a_sheet_with_excels_1048576_rows_is_refused(hostile_dir, dimension):
    huge = write_huge_sheet(hostile_dir / f"plantilla-enorme-{dimension}.xlsx", dimension=dimension)

    message = assert_refused_fast_and_small(huge)

    assert "más de 100 000 filas" in message


def test_a_sheet_whose_row_numbers_jump_to_the_last_row_is_refused(hostile_dir):
    """Few ``<row>`` tags, but openpyxl would yield a million (empty) rows: the reader stops at the cap."""
    sparse = write_sparse_sheet(hostile_dir / "plantilla-dispersa.xlsx")

    assert "más de 100 000 filas" in assert_refused_fast_and_small(sparse)


def test_a_sheet_at_the_row_limit_is_read(tmp_path):
    rows = [row_xml(1, HEADER)] + [
        row_xml(n, [str(90_000_000 + n), "Juan", "Pérez", CURP_JUAN]) for n in range(2, 6)
    ]
    blank_rows = (f'<row r="{n}"></row>' for n in range(6, MAX_ROWS + 1))
    path = write_xlsx_stream(tmp_path / "plantilla.xlsx",
                             iter(["".join(rows).encode(), "".join(blank_rows).encode()]))

    parsed = read_staff_file(path)

    assert parsed.total_rows == 4


def test_a_csv_with_more_rows_than_the_limit_is_refused(tmp_path):
    path = write_csv(tmp_path / "plantilla.csv",
                     [HEADER] + [[str(90_000_000 + n), "Juan", "Pérez", "López", CURP_JUAN]
                                 for n in range(MAX_ROWS)])

    with pytest.raises(ImportFileError, match="archivo demasiado grande .más de 100 000 filas"):
        read_staff_file(path)


def test_a_csv_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "plantilla.csv"
    with path.open("wb") as stream:  # sparse: the size is there, the disk is not used
        stream.write(b"Matr\xc3\xadcula,Nombre(s)\n")
        stream.truncate(MAX_CSV_BYTES + 1)

    with pytest.raises(ImportFileError, match="archivo demasiado grande .50 MB; el límite es 50 MB"):
        read_staff_file(path)
