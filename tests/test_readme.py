"""README.md's two commands as `.ci/run` reads them: one line each; the test command runs ruff and mypy, then pytest."""

from __future__ import annotations

import re
import tomllib

from conftest import ROOT


def _command(marker: str) -> str:
    """The fenced block after `<!-- marker -->` in README.md, as .ci/run extracts it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {marker} -->\n```sh\n(.*?)```", readme, re.DOTALL)
    assert found, f"no ```sh block after <!-- {marker} --> in README.md"
    return found.group(1)


def test_each_command_is_one_line():
    for marker in ("make-command", "test-command"):
        command = _command(marker)
        assert command.count("\n") == 1 and command.strip(), f"{marker}: {command!r}"


def test_the_test_command_runs_the_quality_gates_before_the_tests():
    steps = [step.strip() for step in _command("test-command").split("&&")]
    assert steps[1] == '.venv/bin/pip install ".[test]"'
    assert steps[2:] == [".venv/bin/ruff check .", ".venv/bin/mypy", ".venv/bin/python -m pytest"]


def test_the_gates_are_configured_and_installed_by_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = {re.split(r"[~<>=!\[]", requirement)[0].lower()
                  for requirement in project["project"]["optional-dependencies"]["test"]}
    assert {"ruff", "mypy", "types-pyyaml", "types-reportlab"} <= test_extra
    assert project["tool"]["mypy"]["strict"] is True
    assert project["tool"]["mypy"]["files"] == ["chartgen"]
    assert project["tool"]["ruff"]["line-length"] == 120
