"""The ``kiosk`` command line: every device and flow driven without the touchscreen.

:mod:`kiosk.cli.main` builds the parser and runs a command; each command group has its own
module here and imports what it uses only when it runs. The Qt commands (``run``, ``shots``)
are added by ``ui.launcher``, the console entry point, so this package never imports Qt.
"""
