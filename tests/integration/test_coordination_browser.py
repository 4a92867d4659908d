"""The coordinators' dashboard in a real headless Chromium (Debian's package, driven by Selenium).

Skipped with a reason when chromium or chromium-driver is not installed,
except under ``AULA_REQUIRE_BROWSER=1`` (``.ci/run``), where that is a failure.
``AULA_UPDATE_SCREENSHOTS=1`` also copies the screenshots to docs/screenshots/.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

import pytest
from coordination_helpers import PASSWORD, Scenario, create_user, new_region
from server_harness import REPO_ROOT

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"


@pytest.fixture
def browser(tmp_path):
    if not (CHROMIUM and DRIVER):
        reason = "chromium y chromium-driver no están instalados (apt-get install chromium chromium-driver)"
        if os.environ.get("AULA_REQUIRE_BROWSER") == "1":
            pytest.fail(reason + " y AULA_REQUIRE_BROWSER=1")
        pytest.skip(reason)
    webdriver = pytest.importorskip("selenium.webdriver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=es-MX"):
        options.add_argument(argument)
    downloads = tmp_path / "descargas"
    downloads.mkdir()
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=DRIVER))
    driver.downloads = downloads
    try:
        yield driver
    finally:
        driver.quit()


def local(server) -> str:
    """``localhost``: a secure context, where Chromium keeps the Secure session cookie over plain HTTP."""
    return server.base_url.replace("127.0.0.1", "localhost")


def shoot(driver, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    driver.save_screenshot(str(path))
    if os.environ.get("AULA_UPDATE_SCREENSHOTS") == "1":
        shutil.copy(path, SCREENSHOTS / name)


def click_and_wait(driver, element) -> None:
    """Click a link or submit button and wait until the next page replaced this one."""
    from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
    from selenium.webdriver.support.wait import WebDriverWait

    def replaced(_driver) -> bool:  # noqa: ANN001
        # selenium's staleness_of, also accepting what chromedriver says when asked in mid-navigation.
        try:
            element.is_enabled()
        except StaleElementReferenceException:
            return True
        except WebDriverException as exc:
            if "does not belong to the document" in str(exc):
                return True
            raise
        return False

    element.click()
    WebDriverWait(driver, 30).until(replaced)


def sign_in(driver, server, email: str, password: str = PASSWORD) -> None:
    from selenium.webdriver.common.by import By

    driver.get(local(server) + "/panel/ingresar")
    driver.find_element(By.ID, "correo").send_keys(email)
    driver.find_element(By.ID, "contrasena").send_keys(password)
    click_and_wait(driver, driver.find_element(By.ID, "entrar"))


def text_of(driver, element_id: str) -> str:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id).text


def new_email() -> str:
    return f"coord-{uuid.uuid4().hex[:8]}@imss.test"


def test_a_coordinator_reads_the_headline_drills_into_a_unit_and_downloads_its_xlsx(server, browser, tmp_path):
    from openpyxl import load_workbook
    from selenium.webdriver.common.by import By

    region = new_region()
    first = Scenario(server, tmp_path, region, "UMF 7 Coyoacán")
    second = Scenario(server, tmp_path, region, "HGZ 32 Villa Coapa")
    first.story()
    email = new_email()
    create_user(server, email, "coordinator", [region])
    sign_in(browser, server, email)
    browser.get(local(server) + f"/panel/?curso={first.course_code}")
    # the first unit's course: 8 on its staff list + 8 on the other unit's; 2 trained (see Scenario.story)
    assert text_of(browser, "esperados") == "16"
    assert text_of(browser, "capacitados") == "2"
    assert text_of(browser, "cobertura") == "12.5 %"
    assert len(browser.page_source.encode()) < 100_000
    codes = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#unidades a")]
    assert sorted(codes) == sorted([first.unit.code, second.unit.code])
    shoot(browser, tmp_path, "coordinacion-01-tablero.png")

    click_and_wait(browser, browser.find_element(By.LINK_TEXT, first.unit.code))
    assert text_of(browser, "capacitados") == "2"
    assert text_of(browser, "cobertura") == "25.0 %"
    counts = {cell.get_attribute("data-estado"): int(cell.text)
              for cell in browser.find_elements(By.CSS_SELECTOR, "#estados td[data-estado]")}
    assert counts == {"trained": 2, "eligible": 1, "in_progress": 1, "not_qualified": 3, "pending": 1,
                      "left_staff": 0}
    screen = [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
              for row in browser.find_elements(By.CSS_SELECTOR, "#trabajadores tbody tr")]
    assert [row[3] for row in screen[:2]] == ["Pendiente", "No acreditó"]  # the pending list first
    shoot(browser, tmp_path, "coordinacion-02-unidad.png")

    browser.find_element(By.ID, "xlsx").click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(browser.downloads.glob("*.xlsx")):
        time.sleep(0.2)
    [download] = list(browser.downloads.glob("*.xlsx"))
    sheet = load_workbook(download).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:6] == ("Matrícula", "Nombre", "Servicio", "Categoría", "Turno", "Estado")
    assert [(r[0], r[1], r[5]) for r in rows[1:]] == [(s[0], s[1], s[3]) for s in screen]
    trained = [r for r in rows[1:] if r[5] == "Capacitado"]
    assert len(trained) == 2 and all(r[7].startswith(first.device.code) and r[8] is not None for r in trained)

    browser.set_window_size(390, 844)  # a phone
    browser.get(local(server) + f"/panel/?curso={first.course_code}")
    shoot(browser, tmp_path, "coordinacion-03-telefono.png")


def test_a_coordinator_of_region_a_cannot_see_region_b_even_by_guessing_urls(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    mine, theirs = Scenario(server, tmp_path), Scenario(server, tmp_path)
    email = new_email()
    create_user(server, email, "coordinator", [mine.region])
    sign_in(browser, server, email)
    browser.get(local(server) + "/panel/")
    assert [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#unidades a")] == [mine.unit.code]
    assert theirs.unit.code not in browser.page_source
    for path in (f"/panel/unidad/{theirs.unit.code}", f"/panel/exportar/unidad/{theirs.unit.code}.csv",
                 f"/panel/unidad/{theirs.unit.code}?curso={theirs.course_code}"):
        browser.get(local(server) + path)
        assert "No encontrada" in browser.page_source, path
        assert theirs.unit.name not in browser.page_source
    browser.get(local(server) + f"/panel/?curso={theirs.course_code}")
    assert theirs.unit.code not in browser.page_source


def test_a_form_posted_without_its_csrf_token_is_refused(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    email = new_email()
    create_user(server, email, "coordinator", [new_region()])
    browser.get(local(server) + "/panel/ingresar")
    browser.execute_script("document.querySelector('input[name=csrf]').remove()")
    browser.find_element(By.ID, "correo").send_keys(email)
    browser.find_element(By.ID, "contrasena").send_keys(PASSWORD)
    click_and_wait(browser, browser.find_element(By.ID, "entrar"))
    assert "Formulario no válido" in browser.page_source

    sign_in(browser, server, email)
    assert browser.find_element(By.ID, "titular")
    browser.execute_script("document.querySelector('header form input[name=csrf]').value = 'falsificado'")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "header form button"))
    assert "Formulario no válido" in browser.page_source
    browser.get(local(server) + "/panel/")
    assert browser.find_element(By.ID, "titular")  # still signed in: the forged logout did nothing
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "header form button"))
    assert browser.current_url.endswith("/panel/ingresar")
    browser.get(local(server) + "/panel/")
    assert browser.current_url.endswith("/panel/ingresar")  # the session ended on the server


def test_ten_wrong_passwords_lock_the_account(server, browser, tmp_path, db):
    from sqlalchemy import text

    email = new_email()
    create_user(server, email, "coordinator", [new_region()])
    for attempt in range(10):
        sign_in(browser, server, email, f"equivocada-{attempt}")
        assert "Correo o contraseña incorrectos." in browser.page_source or attempt == 9
    sign_in(browser, server, email)  # the right password, too late
    assert "bloqueada" in browser.page_source
    assert "titular" not in browser.page_source
    shoot(browser, tmp_path, "coordinacion-04-bloqueo.png")
    with db.read() as session:
        actions = session.execute(text("SELECT action FROM coord_audit WHERE email = :e ORDER BY id"),
                                  {"e": email}).scalars().all()
    assert actions == ["login_failed"] * 10 + ["login_locked"]
