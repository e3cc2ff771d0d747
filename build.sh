#!/usr/bin/env bash
# Builds the site from data/ into site/: the README's first command on a fresh machine.
# Arguments go to `assetmap build` (e.g. --data DIR).
#
# assetmap is installed into the active virtual environment or, when none is, into .venv
# (made here the first time), never into the system's Python, which Debian and Ubuntu
# manage themselves ("externally managed", PEP 668).
set -euo pipefail
cd "$(dirname "$0")"

venv="${VIRTUAL_ENV:-.venv}"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e .
"$venv/bin/assetmap" build "$@"
