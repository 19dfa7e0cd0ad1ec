#!/usr/bin/env bash
# Collects every user-visible text from the Python sources into the .ts files
# (new texts arrive "unfinished"; translate them in Qt Linguist or by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t sources < <(find kiosk ui -name '*.py' | sort)
.venv/bin/pyside6-lupdate "${sources[@]}" -locations none -no-obsolete \
  -ts resources/translations/kiosk_vi.ts resources/translations/kiosk_th.ts resources/translations/kiosk_en.ts
