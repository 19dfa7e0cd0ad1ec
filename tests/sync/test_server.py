"""The central server over real HTTP on loopback."""

from __future__ import annotations

import httpx

from sync.server.embedded import EmbeddedServer


def test_health_over_http() -> None:
    server = EmbeddedServer()
    server.start()
    try:
        response = httpx.get(f"{server.url}/v1/health", timeout=5)
        assert response.status_code == 200
        assert response.json()["status"] == "ok"
        openapi = httpx.get(f"{server.url}/openapi.json", timeout=5).json()
        assert "/v1/health" in openapi["paths"]
    finally:
        server.stop()
