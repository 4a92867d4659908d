"""The quick check begun early at start-up (on a thread) decides the opening exactly as the usual one."""

from __future__ import annotations

import pytest

from app.services.context import Context
from app.storage.db import Database, begin_quick_check
from app.storage.errors import DatabaseDamaged
from tests.unit.damage import DAMAGE, database_with_marks, marks_of


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_file_checked_early_is_refused_as_before(ctx, damage):
    path = ctx.db.path
    ctx.close()
    DAMAGE[damage](path)
    begin_quick_check(path)
    with pytest.raises(DatabaseDamaged):
        Database(path)


def test_a_file_damaged_after_its_early_check_is_checked_again(ctx):
    path = ctx.db.path
    ctx.close()
    begin_quick_check(path)  # the file is sound now
    DAMAGE["page_overwritten"](path)
    with pytest.raises(DatabaseDamaged):
        Database(path)


def test_a_sound_file_checked_early_opens_with_its_data(ctx):
    session_id, marks = database_with_marks(ctx)
    path = ctx.db.path
    ctx.close()
    begin_quick_check(path)
    reopened = Context.open(path)
    try:
        assert marks_of(reopened, session_id) == marks
    finally:
        reopened.close()
