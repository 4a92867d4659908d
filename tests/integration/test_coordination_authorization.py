"""Who may read what of coverage: the JSON API and every dashboard page, for each kind of caller.

Region A holds unit A, region B unit B. A page outside the caller's scope
answers 404 like a unit that does not exist; without a session, pages
redirect to the login form and the API answers 401.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import httpx
import pytest
from coordination_helpers import create_user, login, new_region, place_units
from server_harness import Device, UnitInfo


@dataclass
class Org:
    a: UnitInfo
    b: UnitInfo
    region_a: str
    region_b: str
    callers: dict[str, tuple[httpx.Client, dict[str, str]]]


@pytest.fixture(scope="module")
def org(server, tmp_path_factory) -> Org:
    tmp = tmp_path_factory.mktemp("org")
    region_a, region_b = new_region(), new_region()
    a, b = server.create_unit(name="Unidad A"), server.create_unit(name="Unidad B")
    place_units(server, tmp, [(a.code, a.name, region_a), (b.code, b.name, region_b)])
    tag = uuid.uuid4().hex[:6]
    create_user(server, f"coord-a-{tag}@imss.test", "coordinator", [region_a])
    create_user(server, f"coord-b-{tag}@imss.test", "coordinator", [region_b])
    create_user(server, f"admin-{tag}@imss.test", "admin", [])
    instructor: Device = server.enroll(a, "instructor")
    director: Device = server.enroll(a, "director")
    anonymous = httpx.Client(base_url=server.base_url, timeout=60)
    callers = {
        "anonymous": (anonymous, {}),
        "instructor of A": (instructor.client, instructor.headers()),
        "director of A": (director.client, director.headers()),
        "coordinator of A": (login(server, f"coord-a-{tag}@imss.test"), {}),
        "coordinator of B": (login(server, f"coord-b-{tag}@imss.test"), {}),
        "admin": (login(server, f"admin-{tag}@imss.test"), {}),
    }
    return Org(a, b, region_a, region_b, callers)


LOGIN = "→login"
# path template → {caller: status}; «→login» is a 303 to the login form.
MATRIX = {
    "/v1/coverage?unit={a}": {"anonymous": 401, "instructor of A": 200, "director of A": 200,
                              "coordinator of A": 200, "coordinator of B": 404, "admin": 200},
    "/v1/coverage?unit={b}": {"anonymous": 401, "instructor of A": 404, "director of A": 404,
                              "coordinator of A": 404, "coordinator of B": 200, "admin": 200},
    "/v1/coverage?region={ra}": {"anonymous": 401, "instructor of A": 403, "director of A": 403,
                                 "coordinator of A": 200, "coordinator of B": 404, "admin": 200},
    "/panel/": {"anonymous": LOGIN, "instructor of A": LOGIN, "director of A": LOGIN,
                "coordinator of A": 200, "coordinator of B": 200, "admin": 200},
    "/panel/unidad/{a}": {"anonymous": LOGIN, "instructor of A": LOGIN, "director of A": LOGIN,
                          "coordinator of A": 200, "coordinator of B": 404, "admin": 200},
    "/panel/unidad/{b}": {"anonymous": LOGIN, "instructor of A": LOGIN, "director of A": LOGIN,
                          "coordinator of A": 404, "coordinator of B": 200, "admin": 200},
    "/panel/exportar/unidad/{a}.xlsx": {"anonymous": LOGIN, "instructor of A": LOGIN, "director of A": LOGIN,
                                        "coordinator of A": 200, "coordinator of B": 404, "admin": 200},
    "/panel/exportar/unidad/{b}.csv": {"anonymous": LOGIN, "instructor of A": LOGIN, "director of A": LOGIN,
                                       "coordinator of A": 404, "coordinator of B": 200, "admin": 200},
    "/panel/exportar/unidades.csv": {"anonymous": LOGIN, "instructor of A": LOGIN, "director of A": LOGIN,
                                     "coordinator of A": 200, "coordinator of B": 200, "admin": 200},
}
CASES = [(path, caller) for path, row in MATRIX.items() for caller in row]


@pytest.mark.parametrize(("path", "caller"), CASES, ids=[f"{c}: {p}" for p, c in CASES])
def test_coverage_authorization_matrix(org, path, caller):
    client, headers = org.callers[caller]
    url = path.format(a=org.a.code, b=org.b.code, ra=org.region_a.replace(" ", "%20"))
    response = client.get(url, headers=headers, follow_redirects=False)
    expected = MATRIX[path][caller]
    if expected == LOGIN:
        assert (response.status_code, response.headers["location"]) == (303, "/panel/ingresar")
    else:
        assert response.status_code == expected, response.text[:300]
    if response.status_code == 200 and path.startswith("/panel/unidad/"):
        shown = org.a if "{a}" in path else org.b
        hidden = org.b if shown is org.a else org.a
        assert shown.code in response.text and hidden.code not in response.text


def test_an_export_of_the_units_lists_only_the_callers_regions(org):
    client, _ = org.callers["coordinator of A"]
    body = client.get("/panel/exportar/unidades.csv").content.decode("utf-8-sig")
    assert org.a.code in body and org.b.code not in body


def test_pages_carry_the_public_pages_security_headers(org):
    client, _ = org.callers["coordinator of A"]
    for path in ("/panel/", f"/panel/unidad/{org.a.code}", "/panel/ingresar"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert "script-src" not in headers["content-security-policy"]  # default-src 'none': no script at all
        assert headers["x-content-type-options"] == "nosniff"


def test_every_login_and_export_is_audited(server, org, db):
    from sqlalchemy import text

    client, _ = org.callers["coordinator of B"]
    client.get(f"/panel/exportar/unidad/{org.b.code}.xlsx")
    with db.read() as session:
        rows = session.execute(text("SELECT action, detail FROM coord_audit WHERE email LIKE 'coord-b-%' "
                                    "ORDER BY id")).all()
    assert rows[0].action == "login"
    assert rows[-1].action == "export" and org.b.code in rows[-1].detail
