"""Every user-visible string of app/ui has a Spanish translation, compiled."""

from __future__ import annotations

import ast
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[2]
UI_DIR = ROOT / "app" / "ui"
TS_FILE = ROOT / "resources" / "translations" / "aula_es.ts"
QM_FILE = ROOT / "resources" / "translations" / "aula_es.qm"
LRELEASE = Path(sys.executable).with_name("pyside6-lrelease")


class _TrCollector(ast.NodeVisitor):
    """Finds ``self.tr("…")`` (context: the enclosing class) and
    ``QCoreApplication.translate("context", "…")`` calls with literal text."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.classes: list[str] = []
        self.found: list[tuple[str, str, str]] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        where = f"{self.filename}:{node.lineno}"
        if name == "tr" and node.args and isinstance(node.args[0], ast.Constant):
            if self.classes:
                self.found.append((self.classes[-1], node.args[0].value, where))
        elif name == "translate" and len(node.args) >= 2 and all(
                isinstance(a, ast.Constant) for a in node.args[:2]):
            self.found.append((node.args[0].value, node.args[1].value, where))
        self.generic_visit(node)


def _source_strings() -> list[tuple[str, str, str]]:
    found = []
    for path in sorted(UI_DIR.rglob("*.py")):
        collector = _TrCollector(str(path.relative_to(ROOT)))
        collector.visit(ast.parse(path.read_text(encoding="utf-8")))
        found.extend(collector.found)
    return found


def _ts_catalogue(path: Path) -> dict[tuple[str, str], str]:
    catalogue = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            finished = translation is not None and translation.get("type") not in (
                "unfinished", "obsolete", "vanished")
            text = (translation.text or "") if finished else ""
            catalogue[(name, message.findtext("source"))] = text
    return catalogue


def test_the_interface_has_strings_to_translate():
    assert len(_source_strings()) > 20


def test_every_interface_string_has_a_spanish_translation():
    catalogue = _ts_catalogue(TS_FILE)
    missing = [f"{where}: [{context}] {text!r}"
               for context, text, where in _source_strings()
               if not catalogue.get((context, text))]
    assert not missing, "Sin traducción en aula_es.ts:\n" + "\n".join(missing)


def test_translations_keep_the_placeholders_of_the_source():
    import re
    placeholder = re.compile(r"\{[a-z_]+\}|%\d")
    wrong = [f"[{ctx}] {src!r} → {dst!r}" for (ctx, src), dst in _ts_catalogue(TS_FILE).items()
             if dst and sorted(placeholder.findall(src)) != sorted(placeholder.findall(dst))]
    assert not wrong, "\n".join(wrong)


def test_compiled_catalogue_matches_the_ts_file(tmp_path):
    fresh = tmp_path / "aula_es.qm"
    subprocess.run([str(LRELEASE), "-silent", str(TS_FILE), "-qm", str(fresh)], check=True)
    assert QM_FILE.read_bytes() == fresh.read_bytes(), (
        "aula_es.qm está desactualizado: ejecute pyside6-lrelease resources/translations/aula_es.ts")


@pytest.mark.usefixtures("qapp")
def test_compiled_catalogue_translates_every_interface_string():
    translator = QTranslator()
    assert translator.load(str(QM_FILE))
    catalogue = _ts_catalogue(TS_FILE)
    untranslated = [f"{where}: {text!r}" for context, text, where in _source_strings()
                    if translator.translate(context, text) != catalogue.get((context, text))]
    assert not untranslated, "\n".join(untranslated)


# --------------------------------------------------------------------------- Qt's own dialogs

OVERRIDES_TS = ROOT / "resources" / "translations" / "qt_overrides_es_MX.ts"
OVERRIDES_QM = ROOT / "resources" / "translations" / "qt_overrides_es_MX.qm"
SPAIN_ONLY = ("fichero", "ordenador", "apaisado")


def _visible_texts(dialog) -> list[str]:
    """Every text a user can read in ``dialog``: labels, buttons, tooltips, combo items, headers."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QAbstractButton, QAbstractItemView, QComboBox, QGroupBox, QLabel, QWidget

    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if not widget.isVisibleTo(dialog):
            continue
        texts.append(widget.toolTip())
        if isinstance(widget, (QLabel, QAbstractButton)):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QComboBox):
            texts.extend(widget.itemText(i) for i in range(widget.count()))
        elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
            model = widget.model()
            texts.extend(str(model.headerData(i, Qt.Orientation.Horizontal) or "")
                         for i in range(model.columnCount()))
    return [text for text in texts if text]


def _spain_only(texts: list[str]) -> list[str]:
    return [text for text in texts if any(word in text.casefold() for word in SPAIN_ONLY)]


def _file_dialog(qtbot, mode: str):
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(None, "Aula")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if mode == "save":
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    elif mode == "folder":
        dialog.setFileMode(QFileDialog.FileMode.Directory)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


@pytest.mark.usefixtures("app_context")
@pytest.mark.parametrize("mode", ["open", "save", "folder"])
def test_file_dialog_speaks_mexican_spanish(qtbot, mode):
    texts = _visible_texts(_file_dialog(qtbot, mode))
    assert "&Buscar en:" in texts
    assert "Cancelar" in texts
    assert "Carpeta superior" in texts  # a tooltip
    assert not _spain_only(texts)
    assert not {"&Look in:", "Files of &type:", "File &name:", "Cancel", "Back", "Name"} & set(texts)


@pytest.mark.usefixtures("app_context")
def test_open_dialog_says_archivo_for_names_and_filters(qtbot):
    texts = _visible_texts(_file_dialog(qtbot, "open"))
    assert {"&Nombre de archivo:", "Archivos de &tipo:", "Todos los archivos (*)", "&Abrir"} <= set(texts)


@pytest.mark.usefixtures("app_context")
def test_print_dialog_speaks_mexican_spanish(qtbot):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter
    from PySide6.QtWidgets import QPushButton

    printer = QPrinter()
    dialog = QPrintDialog(printer)
    qtbot.addWidget(dialog)
    dialog.show()
    options = next(b for b in dialog.findChildren(QPushButton) if b.text() == "&Opciones >>")
    options.click()  # the copies, pages and duplex settings
    texts = _visible_texts(dialog)
    assert {"Cancelar", "Impresora", "Copias:", "Todas las páginas"} <= set(texts)
    assert not _spain_only(texts)
    assert not {"Cancel", "Printer", "Copies:", "Pages", "Off", "Double Sided Printing"} & set(texts)


@pytest.mark.usefixtures("app_context")
def test_message_box_standard_buttons_are_spanish(qtbot):
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton
    box = QMessageBox(QMessageBox.Icon.Question, "Aula", "¿Continuar?",
                      buttons.Yes | buttons.No | buttons.Ok | buttons.Cancel | buttons.Close | buttons.Save)
    qtbot.addWidget(box)
    box.show()
    assert {box.button(b).text() for b in (buttons.Yes, buttons.No, buttons.Ok, buttons.Cancel,
                                           buttons.Close, buttons.Save)} == {
        "&Sí", "&No", "Aceptar", "Cancelar", "Cerrar", "Guardar"}


def test_qt_overrides_say_archivo_not_fichero():
    translations = _ts_catalogue(OVERRIDES_TS).values()
    assert translations and all(translations)
    assert not _spain_only(list(translations))


def test_compiled_qt_overrides_match_the_ts_file(tmp_path):
    fresh = tmp_path / "qt_overrides_es_MX.qm"
    subprocess.run([str(LRELEASE), "-silent", str(OVERRIDES_TS), "-qm", str(fresh)], check=True)
    assert OVERRIDES_QM.read_bytes() == fresh.read_bytes(), (
        "qt_overrides_es_MX.qm está desactualizado: ejecute pyside6-lrelease con ese .ts")


@pytest.mark.usefixtures("qapp")
def test_qt_spanish_catalogue_is_shipped_with_the_application():
    translator = QTranslator()
    assert translator.load(str(ROOT / "resources" / "translations" / "qtbase_es.qm"))
    assert translator.translate("QPlatformTheme", "Cancel") == "Cancelar"


def test_qt_catalogue_is_looked_for_in_our_resources_before_qt(qapp):
    from app.ui import paths
    from app.ui.translations import qt_catalogue_dirs

    assert qt_catalogue_dirs()[0] == paths.translations_dir()
