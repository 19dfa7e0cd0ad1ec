"""The central server's HTTP application.

So far it answers the health check kiosks use to tell whether the line to the
server is up; ingest, reference data and enrollment build on it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import FastAPI
from pydantic import BaseModel

SERVER_VERSION = "0.1.0"


class Health(BaseModel):
    status: str
    version: str
    time: datetime


def create_app() -> FastAPI:
    app = FastAPI(title="District kiosk server", version=SERVER_VERSION)

    @app.get("/v1/health")
    def health() -> Health:
        return Health(status="ok", version=SERVER_VERSION, time=datetime.now(UTC))

    return app
