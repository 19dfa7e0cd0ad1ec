"""The central server the kiosks sync with (FastAPI)."""
