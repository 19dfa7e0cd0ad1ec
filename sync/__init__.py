"""Store and forward: the outbox, the sync client, the wire protocol and the central server.

Never imports ``kiosk`` or ``ui``.
"""
