#!/usr/bin/env bash
# Starts the kiosk with simulated devices and the embedded local server.
# Without a display it runs on a virtual screen (Xvfb), saying so.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${DISPLAY:-}" ] || [ -n "${WAYLAND_DISPLAY:-}" ]; then
  exec .venv/bin/kiosk run --simulate "$@"
fi
echo "demo: no display found; the kiosk runs on a virtual screen (Xvfb). Stop it with Ctrl+C."
exec xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/kiosk run --simulate "$@"
