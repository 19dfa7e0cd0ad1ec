"""Device drivers: one Protocol per device, real and simulated implementations side by side.

Never imports ``kiosk`` or ``ui``. Nothing here talks to a device at import time.
"""
