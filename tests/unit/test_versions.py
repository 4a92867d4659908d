"""One version number, in app/__init__.py, everywhere it is shown (issue 13 item 6)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import app
import server
from app import cli
from server import cli as server_cli

ROOT = Path(__file__).parents[2]


def test_pyproject_reads_the_version_from_app_and_writes_none_of_its_own():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "app.__version__"}


def test_the_server_shows_the_same_version_as_the_app():
    assert server.__version__ is app.__version__


@pytest.mark.parametrize(("main", "name"), [(cli.main, "aula"), (server_cli.main, "aula-server")])
def test_version_option_prints_the_one_version(main, name, capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"{name} {app.__version__}\n"
