"""README.md's two commands as `.ci/run` reads them: one line each; the test command installs the system packages
(scripts/install-system-packages.sh: Chromium for the studio's browser test), runs ruff and mypy, then pytest."""

from __future__ import annotations

import os
import re
import subprocess
import tomllib
from pathlib import Path

import pytest

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


def test_the_test_command_installs_the_system_packages_then_runs_the_quality_gates_before_the_tests():
    steps = [step.strip() for step in _command("test-command").split("&&")]
    assert steps[0] == "sh scripts/install-system-packages.sh"
    assert (ROOT / "scripts" / "install-system-packages.sh").is_file()
    assert steps[1:3] == ["python3 -m venv .venv", '.venv/bin/pip install ".[test]"']
    assert steps[3:] == [".venv/bin/ruff check .", ".venv/bin/mypy", ".venv/bin/python -m pytest"]


def test_the_gates_are_configured_and_installed_by_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    test_extra = {re.split(r"[~<>=!\[]", requirement)[0].lower()
                  for requirement in project["project"]["optional-dependencies"]["test"]}
    assert {"ruff", "mypy", "types-pyyaml", "types-reportlab"} <= test_extra
    assert project["tool"]["mypy"]["strict"] is True
    assert project["tool"]["mypy"]["files"] == ["chartgen"]
    assert project["tool"]["ruff"]["line-length"] == 120


# ---------------------------------------------------------------- scripts/install-system-packages.sh

SCRIPT = ROOT / "scripts" / "install-system-packages.sh"


def _install(tmp_path: Path, *, uid: int, ci: bool, apt_get: str | None = None,
             chromium: Path | None = None, pdfinfo: bool = True) -> subprocess.CompletedProcess[str]:
    """The script run with PATH holding only `id` (saying `uid`), `env`, `gs`, `pdfinfo` (unless not `pdfinfo`) and,
    given its shell code, `apt-get`: no sudo, no other programs. CHARTGEN_CHROMIUM is `chromium`, else a file
    that is not there."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir(exist_ok=True)
    (bin_folder / "id").write_text(f"#!/bin/sh\necho {uid}\n")
    if pdfinfo and not (bin_folder / "pdfinfo").exists():
        (bin_folder / "pdfinfo").write_text("#!/bin/sh\n")
    if not (bin_folder / "gs").exists():
        (bin_folder / "gs").write_text("#!/bin/sh\n")
    if not (bin_folder / "env").exists():
        (bin_folder / "env").symlink_to("/usr/bin/env")
    if apt_get is not None:
        (bin_folder / "apt-get").write_text(f"#!/bin/sh\nPATH=/usr/bin:/bin\n{apt_get}")
    for program in bin_folder.iterdir():
        program.chmod(0o755)
    environment = {"PATH": str(bin_folder), "CHARTGEN_CHROMIUM": str(chromium or tmp_path / "no-chromium")}
    if ci:
        environment["CI"] = "true"
    return subprocess.run(["/bin/sh", str(SCRIPT)], env=environment, capture_output=True, text=True, timeout=30,
                          check=False)


def test_the_script_says_nothing_when_chromium_is_there(tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_text("#!/bin/sh\n")
    chromium.chmod(0o755)
    done = _install(tmp_path, uid=1000, ci=True, chromium=chromium)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


@pytest.mark.parametrize("ci", [True, False])
def test_without_root_the_script_says_what_to_install_and_fails_only_in_ci(tmp_path, ci):
    done = _install(tmp_path, uid=1000, ci=ci)
    assert done.returncode == (1 if ci else 0)
    assert done.stdout == ""
    (line,) = done.stderr.splitlines()
    assert "installing them needs root" in line and "apt-get install -y chromium" in line
    assert ("CI must run every test" in line) == ci
    assert ("skipped" in line) == (not ci)


def test_as_root_the_script_installs_chromium_updating_the_package_lists_only_when_it_must(tmp_path):
    """A fresh machine: the first install fails (no package lists), `apt-get update`, then the install works."""
    chromium = tmp_path / "chromium"
    calls = tmp_path / "calls"
    fake_apt_get = (f'echo "$DEBIAN_FRONTEND $*" >> {calls}\n'
                    f'case "$*" in *update*) touch {tmp_path}/lists; exit 0;; esac\n'
                    f"[ -e {tmp_path}/lists ] || exit 100\n"
                    f'printf "#!/bin/sh\\n" > {chromium}; chmod 755 {chromium}\n')
    done = _install(tmp_path, uid=0, ci=True, apt_get=fake_apt_get, chromium=chromium)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "install-system-packages.sh: installing chromium, for the tests\n"
    assert os.access(chromium, os.X_OK)
    asked = ["noninteractive -q -y install chromium", "noninteractive -q -y update",
             "noninteractive -q -y install chromium"]
    assert calls.read_text().splitlines() == asked
    again = _install(tmp_path, uid=0, ci=True, apt_get=fake_apt_get, chromium=chromium)
    assert (again.returncode, again.stdout, again.stderr) == (0, "", "")
    assert calls.read_text().splitlines() == asked  # apt-get not run again


def test_without_pdfinfo_the_script_installs_poppler_utils_with_chromium(tmp_path):
    """Every missing package in one apt-get call; a control run with both present asks for nothing."""
    chromium = tmp_path / "chromium"
    calls = tmp_path / "calls"
    fake_apt_get = (f'echo "$*" >> {calls}\n'
                    f'printf "#!/bin/sh\\n" > {chromium}; chmod 755 {chromium}\n'
                    f'printf "#!/bin/sh\\n" > {tmp_path}/bin/pdfinfo; chmod 755 {tmp_path}/bin/pdfinfo\n')
    done = _install(tmp_path, uid=0, ci=True, apt_get=fake_apt_get, chromium=chromium, pdfinfo=False)
    assert done.returncode == 0, done.stderr
    assert calls.read_text().splitlines() == ["-q -y install chromium poppler-utils"]
    again = _install(tmp_path, uid=0, ci=True, apt_get=fake_apt_get, chromium=chromium)
    assert (again.returncode, again.stderr) == (0, "")
    assert calls.read_text().splitlines() == ["-q -y install chromium poppler-utils"]
