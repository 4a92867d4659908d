"""Reading or writing a big file pauses the cyclic garbage collector and always resumes it as it was."""

from __future__ import annotations

import gc

import pytest
from fixtures_import import HEADER, write_csv

from app.importing import read_staff_file
from app.importing import staff_file as staff_file_module
from app.importing.gc_pause import gc_paused


@pytest.fixture
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_the_collector_is_off_inside_and_back_on_after_even_when_the_block_fails(collector_on):
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested: the outer block resumes it
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), gc_paused():
        raise ValueError("fila mala")
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off(collector_on):
    gc.disable()
    with gc_paused():
        assert not gc.isenabled()
    assert not gc.isenabled()


def test_reading_a_staff_file_runs_with_the_collector_off_and_leaves_it_on(collector_on, tmp_path, monkeypatch):
    seen = []
    real = staff_file_module._parse_rows

    def parse_rows(*args):
        seen.append(gc.isenabled())
        return real(*args)

    monkeypatch.setattr(staff_file_module, "_parse_rows", parse_rows)
    path = write_csv(tmp_path / "plantilla.csv", [HEADER, ["99123456", "Ana", "Núñez", "", "", "", "", ""]])
    assert len(read_staff_file(path).records) == 1
    assert seen == [False]
    assert gc.isenabled()
