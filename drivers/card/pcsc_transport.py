"""A card in a PC/SC reader through pyscard, as an :class:`~drivers.card.thai_id.ApduTransport`.

:class:`PcscTransport` opens a reader (exclusively by default) and maps pyscard's exceptions to
the typed errors in :mod:`drivers.card.errors`. pyscard loads only when a card is opened, so
importing this module touches neither pyscard nor pcscd.
"""

from __future__ import annotations

import contextlib
import importlib
import time
from types import ModuleType, TracebackType
from typing import Any, Self

from drivers.card.errors import CardError, CardRemoved, NoCard, NoReader, ReaderBusy, UnsupportedCard

__all__ = ["PcscTransport"]

# PC/SC return codes (the same numbers on pcsc-lite, Windows and macOS), as unsigned 32-bit.
_SCARD_E_SHARING_VIOLATION = 0x8010000B
_SCARD_S_SUCCESS = 0x00000000
_CARD_GONE = frozenset(
    {
        0x8010000C,  # SCARD_E_NO_SMARTCARD
        0x80100069,  # SCARD_W_REMOVED_CARD
        0x80100068,  # SCARD_W_RESET_CARD
        0x80100067,  # SCARD_W_UNPOWERED_CARD
        0x80100016,  # SCARD_E_NOT_TRANSACTED
        0x8010002F,  # SCARD_E_COMM_DATA_LOST
        0x80100013,  # SCARD_F_COMM_ERROR
    }
)
_READER_GONE = frozenset(
    {
        0x80100017,  # SCARD_E_READER_UNAVAILABLE
        0x80100009,  # SCARD_E_UNKNOWN_READER
        0x8010001D,  # SCARD_E_NO_SERVICE
        0x8010001E,  # SCARD_E_SERVICE_STOPPED
        0x8010002E,  # SCARD_E_NO_READERS_AVAILABLE
    }
)
_CARD_MUTE = frozenset(
    {
        0x80100066,  # SCARD_W_UNRESPONSIVE_CARD
        0x80100065,  # SCARD_W_UNSUPPORTED_CARD
        0x8010000F,  # SCARD_E_PROTO_MISMATCH
    }
)


def _hresult(exc: BaseException) -> int:
    value = getattr(exc, "hresult", -1)
    return int(value) & 0xFFFFFFFF if isinstance(value, int) else 0xFFFFFFFF


def _connect_error(exc: BaseException) -> CardError:
    code = _hresult(exc)
    if code == _SCARD_E_SHARING_VIOLATION:
        return ReaderBusy()
    if code in _CARD_GONE:
        return NoCard()
    if code in _READER_GONE:
        return NoReader("the card reader is not available")
    if code in _CARD_MUTE:
        return UnsupportedCard("the card does not answer")
    return CardError(f"cannot connect to the card (PC/SC 0x{code:08X})")


def _transfer_error(exc: BaseException) -> CardError:
    code = _hresult(exc)
    if code in _CARD_GONE or code in _CARD_MUTE or code == _SCARD_S_SUCCESS:
        # SCARD_S_SUCCESS: the exchange "succeeded" with fewer than two bytes back (pyscard's "Card
        # returned no valid response"), which is what a card leaving during a command gives.
        return CardRemoved()
    if code in _READER_GONE:
        return NoReader("the card reader went away during the read")
    return CardError(f"card communication failed (PC/SC 0x{code:08X})")


class PcscTransport:
    """A card in a PC/SC reader through pyscard, as an :class:`ApduTransport`.

    Blocking: use from a worker thread. Open with :meth:`open`; close with :meth:`close` or a
    ``with`` block."""

    def __init__(self, connection: Any, reader_name: str) -> None:
        self._connection: Any = connection
        self._reader_name = reader_name
        self._exceptions = importlib.import_module("smartcard.Exceptions")
        self._atr: bytes | None = None

    @property
    def reader_name(self) -> str:
        return self._reader_name

    @classmethod
    def open(
        cls,
        reader_name: str | None = None,
        *,
        exclusive: bool = True,
        retries: int = 5,
        backoff_s: float = 0.05,
    ) -> Self:
        """Connects to the card in ``reader_name`` (exact name, else a case-insensitive part of
        it; ``None``: the first reader holding a card), in exclusive mode unless told otherwise.

        A sharing violation (another program holds the reader) is retried ``retries`` times with
        a doubling pause from ``backoff_s``, then :class:`ReaderBusy`. :class:`NoReader` when the
        PC/SC service or a matching reader is missing, :class:`NoCard` when no candidate holds a card."""
        system = importlib.import_module("smartcard.System")
        scard = importlib.import_module("smartcard.scard")
        exceptions = importlib.import_module("smartcard.Exceptions")
        pcsc_exceptions = importlib.import_module("smartcard.pcsc.PCSCExceptions")
        try:
            available = list(system.readers())
        except (exceptions.SmartcardException, pcsc_exceptions.BaseSCardException) as exc:
            raise NoReader("the PC/SC service is not available") from exc
        if reader_name is None:
            candidates = available
        else:
            candidates = [r for r in available if str(r) == reader_name] or [
                r for r in available if reader_name.lower() in str(r).lower()
            ]
        if not candidates:
            if reader_name is None:
                raise NoReader()
            raise NoReader(f"no card reader matches {reader_name!r}")
        mode = scard.SCARD_SHARE_EXCLUSIVE if exclusive else scard.SCARD_SHARE_SHARED
        for attempt in range(max(retries, 0) + 1):
            busy = False
            for reader in candidates:
                try:
                    return cls(cls._connect(reader, mode, exceptions), str(reader))
                except ReaderBusy:
                    busy = True
                except (NoCard, NoReader):
                    continue
            if not busy:
                raise NoCard()
            if attempt < retries:
                time.sleep(backoff_s * 2**attempt)
        raise ReaderBusy()

    @staticmethod
    def _connect(reader: Any, mode: int, exceptions: ModuleType) -> Any:
        connection = reader.createConnection()
        try:
            connection.connect(mode=mode)
        except exceptions.NoCardException as exc:
            _release_quietly(connection, exceptions)
            raise NoCard() from exc
        except exceptions.CardConnectionException as exc:
            _release_quietly(connection, exceptions)
            raise _connect_error(exc) from exc
        return connection

    def _live(self) -> Any:
        if self._connection is None:
            raise CardError("the card connection is closed")
        return self._connection

    def atr(self) -> bytes:
        if self._atr is None:
            connection = self._live()
            try:
                self._atr = bytes(connection.getATR())
            except self._exceptions.NoCardException as exc:
                raise CardRemoved() from exc
            except self._exceptions.CardConnectionException as exc:
                raise _transfer_error(exc) from exc
        return self._atr

    def transmit(self, apdu: bytes) -> bytes:
        connection = self._live()
        try:
            data, sw1, sw2 = connection.transmit(list(apdu))
        except self._exceptions.NoCardException as exc:
            raise CardRemoved() from exc
        except self._exceptions.CardConnectionException as exc:
            raise _transfer_error(exc) from exc
        return bytes(data) + bytes((sw1, sw2))

    def close(self) -> None:
        """Disconnects (powering the card down) and releases the PC/SC context. Idempotent."""
        connection, self._connection = self._connection, None
        if connection is not None:
            _release_quietly(connection, self._exceptions)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        state = "open" if self._connection is not None else "closed"
        return f"PcscTransport({self._reader_name!r}, {state})"


def _release_quietly(connection: Any, exceptions: ModuleType) -> None:
    """Disconnect and release; a card or reader already gone is not an error here."""
    for step in ("disconnect", "release"):
        method = getattr(connection, step, None)
        if method is None:
            continue
        with contextlib.suppress(exceptions.SmartcardException):
            method()
