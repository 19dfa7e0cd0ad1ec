"""The kiosk's local database: SQLite through SQLAlchemy, migrated by Alembic at start-up."""
