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
