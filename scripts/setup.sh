#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine: system packages (apt, as root)
# and the pinned Python packages in .venv. Safe to run again; does nothing when all is present.
set -euo pipefail
cd "$(dirname "$0")/.."

# `make portability`: the other site builders, in their own environment beside .venv.
if [[ "${1:-}" == "portability" ]]; then
  PYTHON=${PYTHON:-python3}
  if [[ ! -x .venv-portability/bin/python ]]; then
    echo "setup: creating .venv-portability for the builders make portability compares"
    "$PYTHON" -m venv .venv-portability
  fi
  if ! cmp -s <(cat requirements.lock requirements-portability.lock) .venv-portability/.installed 2>/dev/null; then
    echo "setup: installing pinned packages from requirements.lock and requirements-portability.lock"
    .venv-portability/bin/python -m pip install --quiet --disable-pip-version-check \
      -r requirements.lock -r requirements-portability.lock
    cat requirements.lock requirements-portability.lock > .venv-portability/.installed
  fi
  exit 0
fi

# chromium: browser tests; poppler-utils: pdftoppm for PDF checks; pango + fonts: WeasyPrint;
# npm: the accessibility checker (axe-core) that the browser tests inject.
SYSTEM_PACKAGES=(chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
command -v npm >/dev/null 2>&1 || SYSTEM_PACKAGES+=(npm)

missing=()
for package in "${SYSTEM_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    echo "setup: installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: missing system packages: ${missing[*]}" >&2
    echo "setup: install them with: sudo apt-get install ${missing[*]}  (then run make again)" >&2
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3}
if [[ ! -x .venv/bin/python ]]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
echo "setup: installing pinned Python packages from requirements.lock"
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.lock

if [[ ! -f node_modules/.package-lock.json ]] || ! cmp -s package-lock.json node_modules/.setup-lock; then
  echo "setup: installing pinned npm packages from package-lock.json"
  npm ci --silent --no-audit --no-fund
  cp package-lock.json node_modules/.setup-lock
fi
