#!/usr/bin/env bash
# Installs everything the kiosk, its server and its tests need, and nothing twice:
# Debian packages that are missing, a virtual environment from the pinned lock file,
# the project itself (editable) and the compiled Qt translations.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages, each with the reason it is here.
APT_PACKAGES=(
  python3-venv python3-dev gcc   # the project's virtual environment; building pyscard
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libgssapi-krb5-2   # Qt 6 runtime
  libpulse0             # Qt Virtual Keyboard's QML plugin links it (on-screen keyboard)
  libxcb-cursor0 libxkbcommon-x11-0 libx11-xcb1 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0
  libxcb-render-util0 libxcb-image0 libxcb-randr0 libxcb-xinerama0   # Qt's xcb platform (a real window)
  xvfb xauth            # a virtual screen for `make demo` on a machine without a display
  libusb-1.0-0          # USB receipt printers (pyusb)
  cups-client           # cups:// printers (lp)
  pcscd libpcsclite-dev swig   # PC/SC smart-card readers (pyscard builds against libpcsclite)
  vsmartcard-vpcd       # the virtual reader the card simulator plugs into (tests, demos)
  tesseract-ocr tesseract-ocr-eng   # OCR of the machine-readable zone (pytesseract)
  fonts-ocr-b           # OCR-B type: renders the synthetic MRZ samples and test frames
  postgresql            # the central server's production database (its tests run a real one)
  chromium              # the server dashboard's browser test (headless)
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PYTHON=${PYTHON:-python3}
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "setup: Python 3.11 or newer is required" >&2
  exit 1
fi

stamp_value=$(cat requirements/lock.txt pyproject.toml | sha256sum | cut -d' ' -f1)
if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.setup-stamp 2>/dev/null)" != "$stamp_value" ]; then
  echo "setup: preparing the virtual environment (.venv)"
  [ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements/lock.txt
  # "compat" editable mode: a plain path entry, no import hook to slow every start-up.
  if ! .venv/bin/python -m pip install -q --no-deps --no-build-isolation -e . \
      --config-settings editable_mode=compat > .venv/install.log 2>&1; then
    cat .venv/install.log >&2
    exit 1
  fi
  echo "$stamp_value" > .venv/.setup-stamp
fi

# Compiled translations (.qm) are build products of the .ts sources.
for ts in resources/translations/*.ts; do
  [ -e "$ts" ] || continue
  qm="${ts%.ts}.qm"
  if [ ! -e "$qm" ] || [ "$ts" -nt "$qm" ]; then
    .venv/bin/pyside6-lrelease -silent "$ts" -qm "$qm"
  fi
done
