"""A data folder that really cannot be written, for root and for a normal user.

``chmod`` does not stop root, so as root the folder is a small tmpfs mounted
by the test and remounted read-only (the kernel then refuses every write,
root's included); as a normal user it is a folder with mode 0555. Where
neither is possible the test is skipped with the reason.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


def _run(*argv: str) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True)


@contextmanager
def read_only_folder(folder: Path, fill: Callable[[Path], None]) -> Iterator[Path]:
    """``folder`` filled by ``fill`` while writable, then read-only for the block."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0:
        fill(folder)
        folder.chmod(0o555)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    mounted = _run("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(folder))
    if mounted.returncode != 0:
        pytest.skip(f"running as root, and a read-only tmpfs cannot be mounted here: {mounted.stderr.strip()}")
    try:
        fill(folder)
        remounted = _run("mount", "-o", "remount,ro", str(folder))
        if remounted.returncode != 0:
            pytest.skip(f"running as root, and the tmpfs cannot be remounted read-only: {remounted.stderr.strip()}")
        probe = folder / "probe"
        try:
            probe.write_text("x")
        except OSError:
            pass
        else:
            pytest.fail("the read-only tmpfs accepted a write")
        yield folder
    finally:
        _run("umount", "-l", str(folder))
