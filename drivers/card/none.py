"""The reader of a kiosk configured without one: citizens identify by typing their ID number."""

from __future__ import annotations

from drivers.card.base import CardListener


class NoCardReader:
    def subscribe(self, listener: CardListener) -> None:
        del listener

    def start(self) -> None:
        return None

    def stop(self) -> None:
        return None

    def describe(self) -> str:
        return "no card reader configured (citizens type their ID number)"
