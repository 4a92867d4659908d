"""Writing a whole file or none: a ``.part`` temporary renamed into place, removed on failure."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from app.storage.errors import disk_full_as_user_error


def part_path(target: Path) -> Path:
    """The temporary name a file is written under before it is renamed to ``target``."""
    return target.with_name(target.name + ".part")


def write_whole(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` so that ``target`` is either the whole new file or untouched.

    The bytes go to ``target.part``, are flushed to the disk, then renamed over
    ``target``. On any failure the ``.part`` file is removed.

    Raises:
        DiskFull: the disk is full (nothing is left behind).
        OSError: any other failure to write (nothing is left behind).
    """
    target = Path(target)
    partial = part_path(target)
    with disk_full_as_user_error("file write"):
        try:
            with partial.open("wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            partial.replace(target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return target


@contextmanager
def whole_file(out: Path | BinaryIO) -> Iterator[BinaryIO]:
    """A stream to render a document into.

    A stream ``out`` is yielded as it is; for a path, a buffer whose bytes are
    written with :func:`write_whole` when the block ends without error, so a
    failed or interrupted render leaves no file and no ``.part`` behind.
    """
    if not isinstance(out, (str, Path)):
        yield out
        return
    buffer = io.BytesIO()
    yield buffer
    write_whole(Path(out), buffer.getvalue())
