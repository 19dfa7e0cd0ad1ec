"""Fingerprint modules (ZhianTec / R30x / AS608 family) over a serial line."""
