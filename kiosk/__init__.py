"""The kiosk's application core: domain rules, flows, services, storage, configuration, CLI.

Headless by design: nothing here imports PySide6 or ``ui``.
"""
