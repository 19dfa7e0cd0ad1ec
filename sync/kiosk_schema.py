"""The one declarative base of the kiosk's database: every table of ``kiosk.sqlite3``.

The kiosk's database holds tables defined in two layers: the domain tables
(``kiosk.storage.models``) and the tables the sync worker owns (the outbox,
``sync.outbox``; held leases, ``sync.leases``). One base gives them one ``MetaData``, so
the kiosk's migrations and the test comparing them with the models see the whole schema.
The base sits here, in ``sync/``, because both layers may import it: ``kiosk/`` imports
``sync/``, while ``sync/`` never imports ``kiosk/``.

Which tables ``KioskBase.metadata`` holds depends on which of those modules were imported;
``kiosk.storage.models.kiosk_metadata`` imports them all.
"""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase


class KioskBase(DeclarativeBase):
    """Metadata of every table in the kiosk's database (domain, outbox and lease tables)."""
