#!/usr/bin/env bash
# Installs everything the tests need (Python packages and the system Chromium), then runs
# every test. Usage: bash tests/run.sh [pytest options]
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi

python3 -m ruff check generator tests benchmarks
python3 -m pytest "$@"
