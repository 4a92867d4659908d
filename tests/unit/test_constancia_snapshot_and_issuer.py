"""The typed, versioned snapshot (old rows still load) and the Issuer held by the context (issue 9, item 14)."""

from __future__ import annotations

import json

import pytest
from service_helpers import DAY2, add_people, make_group
from sqlmodel import select

from app.domain.constancia_snapshot import SCHEMA_VERSION, ConstanciaSnapshot, SnapshotError
from app.domain.signing import OFFLINE_PREFIX
from app.services import constancias, document_settings, roster
from app.services.constancias import Issuer
from app.services.errors import ServiceError
from app.storage import paths
from app.storage.keys import PRIVATE_KEY_FILE, load_or_create_keys
from app.storage.tables import Constancia, Device
from tests.unit.test_constancias_service import _complete

ADDRESS = "https://verifica.example.mx"


@pytest.fixture
def issuer(tmp_path):
    return Issuer(load_or_create_keys(tmp_path / "keys"), ADDRESS)


@pytest.fixture
def group(ctx, clock):
    group = make_group(ctx)
    for person in add_people(ctx):
        roster.enroll(ctx, group.id, person.id)
    _complete(ctx, group)
    clock.set("14:30", DAY2)
    return group


def _rewrite_snapshot(ctx, constancia_id, change) -> None:
    with ctx.db.write() as s:
        row = s.get(Constancia, constancia_id)
        data = json.loads(row.snapshot)
        change(data)
        row.snapshot = json.dumps(data, ensure_ascii=False, sort_keys=True)
        s.add(row)


def _as_version_1(data: dict) -> None:
    """What Aula wrote before the typed snapshot: version 1, optional keys only when set."""
    data["snapshot_version"] = 1
    for key in ("participant_institution", "supersedes_folio"):
        if not data[key]:
            del data[key]


def _as_version_0(data: dict) -> None:
    """The oldest rows: no version key and no printed texts."""
    del data["snapshot_version"], data["printed"]


def test_issuing_stores_the_current_snapshot_schema(ctx, group, issuer):
    ctx.issuer = issuer
    [first, *_] = constancias.issue_constancias(ctx, group.id).issued
    with ctx.db.read() as s:
        stored = json.loads(s.get(Constancia, first.id).snapshot)
    assert stored["snapshot_version"] == SCHEMA_VERSION
    snapshot = ConstanciaSnapshot.from_dict(stored)
    assert snapshot.fields.folio == first.folio and snapshot.group_code == group.summary.code
    assert snapshot.printed is not None and snapshot.printed.institution_name


@pytest.mark.parametrize("old_way", [_as_version_1, _as_version_0])
def test_a_row_written_the_old_way_still_lists_and_reprints(ctx, group, issuer, old_way):
    ctx.issuer = issuer
    issued = constancias.issue_constancias(ctx, group.id).issued[0]
    _rewrite_snapshot(ctx, issued.id, old_way)
    [listed] = [c for c in constancias.list_constancias(ctx, group.id) if c.id == issued.id]
    assert listed.worker_name == issued.worker_name and listed.issued_on == issued.issued_on
    data, _sha = constancias.reprint_constancia(ctx, issued.id)
    assert data.startswith(b"%PDF")
    with ctx.db.read() as s:
        row = s.get(Constancia, issued.id)
    assert ConstanciaSnapshot.from_json(row.snapshot).schema_version == SCHEMA_VERSION


def test_a_version_1_row_reprints_byte_for_byte(ctx, group, issuer):
    ctx.issuer = issuer
    issued = constancias.issue_constancias(ctx, group.id).issued[0]
    _rewrite_snapshot(ctx, issued.id, _as_version_1)
    _data, sha = constancias.reprint_constancia(ctx, issued.id)
    assert sha == issued.pdf_sha256


@pytest.mark.parametrize("stored", ['{"snapshot_version": 99, "fields": {}}', '{"snapshot_version": 2}', "[1]",
                                    "not json"])
def test_a_snapshot_no_version_wrote_is_refused_with_a_clear_error(stored):
    with pytest.raises(SnapshotError, match="nstantánea"):
        ConstanciaSnapshot.from_json(stored)


def test_the_injected_issuer_signs_with_its_address_and_no_key_is_read_from_disk(ctx, group, issuer):
    ctx.issuer = issuer
    report = constancias.issue_constancias(ctx, group.id)
    assert report.issued and all(c.qr_text.startswith(ADDRESS + "/v/") for c in report.issued)
    assert all(c.folio.startswith(issuer.device_code) for c in report.issued)
    assert not (paths.data_dir() / PRIVATE_KEY_FILE).exists()
    with ctx.db.read() as s:
        assert s.get(Device, 1).device_code == issuer.device_code
    assert constancias.verify(ctx, report.issued[0].qr_text).ok


def test_without_an_injected_issuer_the_device_signs_with_its_stored_address(ctx, group):
    assert ctx.injected_issuer is None
    offline = constancias.issue_constancias(ctx, group.id).issued[0]
    assert offline.qr_text.startswith(OFFLINE_PREFIX)
    document_settings.set_verification_address(ctx, ADDRESS)
    assert ctx.issuer.verification_address == ADDRESS
    assert ctx.issuer.device_code == constancias.device_keys().device_code
    corrected = constancias.correct_constancia(ctx, offline.id, "Dirección de verificación")
    assert corrected.qr_text.startswith(ADDRESS + "/v/")


def test_an_issuer_whose_key_differs_from_the_device_row_is_refused(ctx, group, issuer, tmp_path):
    ctx.issuer = issuer
    constancias.issue_constancias(ctx, group.id)
    ctx.issuer = Issuer(load_or_create_keys(tmp_path / "other"), ADDRESS)
    with pytest.raises(ServiceError, match="no corresponde"):
        constancias.issue_constancias(ctx, group.id)
    with ctx.db.read() as s:
        assert {r.key_id for r in s.exec(select(Constancia)).all()} == {issuer.device_code}
