"""The first hour on a fresh machine: the README says what the system needs, then shows two
commands, one that builds the site and one that runs the tests; both scripts are sound shell
and install into a virtual environment, never into the system's Python (PEP 668)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from .support.project import ROOT
from .support.tools import need

SCRIPTS = ["build.sh", "tests/run.sh", ".ci/run"]
# What the system needs, by its Debian package: Python's venv, Node.js and npm for the map
# library, the DejaVu fonts for the PDF sheets (Typst comes with its Python package), Chromium
# for the tests
SYSTEM = ["python3-venv", "nodejs", "npm", "fonts-dejavu-core", "fonts-dejavu-extra", "chromium"]


def setup_commands() -> list[str]:
    """The commands of the README's "Set up on a fresh machine", in order."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set up on a fresh machine", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines() if line.startswith("    ")]


def test_the_readme_says_what_the_system_needs_then_shows_two_commands():
    install, *commands = setup_commands()
    assert install.startswith("sudo apt-get install ")
    assert install.split()[3:] == SYSTEM
    assert commands == ["bash build.sh", "bash tests/run.sh"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_the_scripts_pass_shellcheck(script):
    result = subprocess.run([need("shellcheck"), str(ROOT / script)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize("script", ["build.sh", "tests/run.sh"])
def test_the_scripts_install_into_a_virtual_environment(script, tmp_path):
    """A copy of the script, run with a ``python3`` that only records what it is asked: in an
    active virtual environment, pip runs from it; with none, the script makes .venv first."""
    project = tmp_path / "project"
    (project / script).parent.mkdir(parents=True)
    shutil.copy(ROOT / script, project / script)
    log = tmp_path / "calls"
    recorder = f'#!/bin/sh\necho "$0 $*" >> {log}\nexit 1\n'
    active = tmp_path / "active"
    for path in (tmp_path / "bin" / "python3", active / "bin" / "python", active / "bin" / "pip"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(recorder, encoding="utf-8")
        path.chmod(0o755)
    env = {"PATH": f"{tmp_path / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path)}

    run = subprocess.run(["bash", str(project / script)], env={**env, "VIRTUAL_ENV": str(active)},
                         capture_output=True, timeout=60)
    assert run.returncode != 0  # the recorder stops it at its first Python command
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"{active}/bin/python -m pip install --quiet --disable-pip-version-check -e "
        + (".[test]" if script.startswith("tests/") else ".")]
    log.unlink()

    subprocess.run(["bash", str(project / script)], env=env, capture_output=True, timeout=60)
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"{tmp_path / 'bin' / 'python3'} -m venv .venv"]
