"""The device key pair file: made once, private to its owner, stable across runs."""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from pathlib import Path

import pytest

from app.domain.folio import device_code_from_public_key
from app.domain.signing import public_key_from_private
from app.storage.keys import (
    PRIVATE_KEY_FILE,
    PUBLIC_KEY_FILE,
    KeyFileError,
    load_keys,
    load_or_create_keys,
)


def test_first_run_creates_a_key_pair_in_the_data_directory(tmp_path):
    keys = load_or_create_keys(tmp_path)
    assert (tmp_path / PRIVATE_KEY_FILE).is_file()
    assert (tmp_path / PUBLIC_KEY_FILE).is_file()
    assert public_key_from_private(keys.private_raw) == keys.public_raw


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_private_key_file_is_readable_by_its_owner_only(tmp_path):
    load_or_create_keys(tmp_path)
    assert stat.S_IMODE((tmp_path / PRIVATE_KEY_FILE).stat().st_mode) == 0o600


def test_later_runs_load_the_same_key_pair(tmp_path):
    first = load_or_create_keys(tmp_path)
    assert load_or_create_keys(tmp_path) == first
    assert load_keys(tmp_path) == first


def test_device_code_comes_from_the_public_key(tmp_path):
    keys = load_or_create_keys(tmp_path)
    assert keys.device_code == device_code_from_public_key(keys.public_raw)


def test_private_key_never_appears_in_repr(tmp_path):
    keys = load_or_create_keys(tmp_path)
    assert keys.private_raw.hex() not in repr(keys)


def test_damaged_key_file_raises_a_clear_error(tmp_path):
    (tmp_path / PRIVATE_KEY_FILE).write_text("basura\n")
    with pytest.raises(KeyFileError, match="dañada"):
        load_or_create_keys(tmp_path)


def test_public_key_file_that_does_not_match_is_refused(tmp_path):
    load_or_create_keys(tmp_path)
    (tmp_path / PUBLIC_KEY_FILE).write_text("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n")
    with pytest.raises(KeyFileError, match="no corresponde"):
        load_keys(tmp_path)


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_loose_permissions_are_tightened_on_load(tmp_path):
    load_or_create_keys(tmp_path)
    os.chmod(tmp_path / PRIVATE_KEY_FILE, 0o644)
    load_keys(tmp_path)
    assert stat.S_IMODE((tmp_path / PRIVATE_KEY_FILE).stat().st_mode) == 0o600


def _create(directory: str, queue) -> None:
    queue.put(load_or_create_keys(Path(directory)).public_raw)


def test_two_processes_starting_at_once_share_one_key_pair(tmp_path):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_create, args=(str(tmp_path), queue)) for _ in range(4)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=60) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
    assert len(set(results)) == 1
    assert load_keys(tmp_path).public_raw == results[0]
