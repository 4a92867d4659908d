"""Units and courses: signatories and DC-3 configuration."""

from __future__ import annotations

import pytest
from service_helpers import make_group

from app.services import catalog, constancias, groups
from app.services.errors import InvalidInput


def test_unit_details_are_updated_and_the_rfc_validated(ctx):
    unit = catalog.update_unit(ctx, "umf07", director_name=" Dra.  Rosa Elena Martínez ", employer_rfc="ise430119ab5")
    assert (unit.director_name, unit.employer_rfc) == ("Dra. Rosa Elena Martínez", "ISE430119AB5")
    with pytest.raises(InvalidInput, match="RFC «ISE430119AB1»: el dígito verificador no corresponde"):
        catalog.update_unit(ctx, "UMF07", employer_rfc="ISE430119AB1")
    with pytest.raises(InvalidInput, match="desconocidos"):
        catalog.update_unit(ctx, "UMF07", colour="azul")
    assert catalog.get_unit(ctx, "UMF07").employer_rfc == "ISE430119AB5"


def test_constancias_are_signed_for_the_units_director(ctx):
    catalog.update_unit(ctx, "UMF07", director_name="Dra. Rosa Elena Martínez Ortiz")
    group = make_group(ctx)
    assert constancias.default_branding(ctx, groups.get_group(ctx, group.id)).director_name == \
        "Dra. Rosa Elena Martínez Ortiz"


def test_dc3_needs_the_employer_of_the_unit(ctx):
    group = make_group(ctx)
    with pytest.raises(InvalidInput, match="registre la razón social y el RFC"):
        constancias.unit_employer(ctx, groups.get_group(ctx, group.id))
    catalog.update_unit(ctx, "UMF07", employer_name="Instituto de Salud de Ejemplo", employer_rfc="ISE430119AB5")
    employer = constancias.unit_employer(ctx, groups.get_group(ctx, group.id))
    assert (employer.name, employer.rfc) == ("Instituto de Salud de Ejemplo", "ISE430119AB5")


def test_dc3_is_switched_on_per_course_with_its_thematic_area(ctx):
    with pytest.raises(InvalidInput, match="área temática"):
        catalog.configure_dc3(ctx, "SER-BT", enabled=True)
    course = catalog.configure_dc3(ctx, "ser-bt", enabled=True, thematic_area="6000  Desarrollo personal")
    assert course.dc3_enabled and course.dc3_thematic_area == "6000 Desarrollo personal"
    assert not catalog.configure_dc3(ctx, "SER-BT", enabled=False).dc3_enabled
