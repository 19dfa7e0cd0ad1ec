"""A virtual smart card for the ``vsmartcard-vpcd`` PC/SC driver.

The vpcd driver makes pcscd show virtual readers ("Virtual PCD 00 00", "Virtual PCD 00 01", ...);
reader *n* listens on TCP port 35963 + *n* for a virtual card to connect as a client. While a
card is connected, pcscd sees a card in that reader; when the connection closes, the card is
gone. Everything above pcscd (pyscard, the kiosk's PC/SC reader) then runs its real code path.

Wire format, both directions: a 2-byte big-endian length, then that many bytes.

* A 1-byte message from vpcd is a control code: 0 power off, 1 power on, 2 reset (no answer to
  any of these) and 4 "give me the ATR" (answered with the ATR as an ordinary message).
  pcscd polls card presence by asking for the ATR every few hundred milliseconds.
* Any longer message is a command APDU; the answer is the whole response APDU (data + SW1 SW2).

The socket gets ``TCP_NODELAY`` and, before every receive, ``TCP_QUICKACK`` (Linux clears it
after use): without them every exchange waits ~40 ms for a delayed ACK.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from typing import Protocol, runtime_checkable

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963  # "Virtual PCD 00 00"; reader n listens on DEFAULT_PORT + n

CTRL_POWER_OFF = 0
CTRL_POWER_ON = 1
CTRL_RESET = 2
CTRL_ATR = 4

_CONNECT_TIMEOUT_S = 5.0
_JOIN_TIMEOUT_S = 5.0


class VirtualCard(Protocol):
    """A card the vpcd driver can talk to. Calls arrive on the connection's thread."""

    def atr(self) -> bytes: ...

    def power_on(self) -> None: ...

    def power_off(self) -> None: ...

    def reset(self) -> None: ...

    def apdu(self, command: bytes) -> bytes:
        """Answer one command APDU with the full response APDU (data, then SW1 SW2)."""
        ...


@runtime_checkable
class RemovableCard(Protocol):
    """Optional: a card that can leave the reader by itself (fault injection).

    The connection checks ``removed`` after every answer and closes once it is true, which to
    pcscd is the card being pulled out.
    """

    @property
    def removed(self) -> bool: ...


class VpcdConnection:
    """One virtual card plugged into one vpcd reader slot over TCP.

    ``start()`` connects and serves in a daemon thread; ``stop()`` (or ``remove()``) closes the
    connection, which pcscd sees as the card being removed; ``insert()`` connects again.
    """

    def __init__(self, card: VirtualCard, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
        self._card = card
        self._host = host
        self._port = port
        self._lock = threading.Lock()
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False
        self._greeted = threading.Event()
        self.apdu_count = 0
        """Command APDUs answered since this object was made (control messages not counted)."""

    # -- state ---------------------------------------------------------------------------------

    @property
    def card(self) -> VirtualCard:
        return self._card

    @property
    def address(self) -> tuple[str, int]:
        return (self._host, self._port)

    @property
    def connected(self) -> bool:
        with self._lock:
            return self._sock is not None

    @property
    def serving(self) -> bool:
        """True while a thread started by ``start()`` is still serving."""
        thread = self._thread
        return thread is not None and thread.is_alive()

    # -- lifecycle -----------------------------------------------------------------------------

    def connect(self, timeout_s: float = _CONNECT_TIMEOUT_S) -> None:
        """Open the TCP connection to vpcd (no-op when already connected). Raises ``OSError``."""
        with self._lock:
            if self._sock is not None:
                return
            self._stopping = False
            sock = socket.create_connection((self._host, self._port), timeout=timeout_s)
            try:
                sock.settimeout(None)
                sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                _arm_quickack(sock)
            except OSError:
                sock.close()
                raise
            self._sock = sock

    def serve_forever(self) -> None:
        """Answer vpcd until ``stop()`` is called or vpcd closes the connection.

        Connects first if needed. Returns normally in both cases; the socket is closed on return.
        """
        self.connect()
        with self._lock:
            sock = self._sock
        if sock is None:  # stop() won the race
            return
        try:
            while not self._stopping:
                message = _receive(sock)
                if message is None:
                    break
                answer = self._handle(message)
                if answer is not None:
                    sock.sendall(len(answer).to_bytes(2, "big") + answer)
                if isinstance(self._card, RemovableCard) and self._card.removed:
                    break
        except OSError:
            pass  # vpcd went away or stop() shut the socket down under us
        finally:
            self._close(sock)

    def start(self, settle_s: float = 5.0) -> None:
        """Connect, then serve in a daemon thread. Raises ``OSError`` if vpcd is not there.

        Returns once vpcd has spoken to the card (asked its ATR), or after ``settle_s``. Right after
        a card vanished mid-transaction vpcd may drop the next connection unanswered; it is then
        made again, as a person would pull the card out and push it in once more.
        """
        if self.serving:
            return
        deadline = time.monotonic() + settle_s
        while True:
            self._greeted.clear()
            self.connect()
            thread = threading.Thread(target=self.serve_forever, name=f"vpcd-{self._port}", daemon=True)
            self._thread = thread
            thread.start()
            while time.monotonic() < deadline and thread.is_alive() and not self._greeted.is_set():
                self._greeted.wait(0.05)
            if self._greeted.is_set() or time.monotonic() >= deadline or self._stopping:
                return
            time.sleep(0.2)  # vpcd closed us without a word: connect again

    def stop(self) -> None:
        """Close the connection (pcscd: the card is removed) and wait for the serving thread."""
        self._stopping = True
        with self._lock:
            sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):  # already shut down or closed
                sock.shutdown(socket.SHUT_RDWR)  # wakes a recv() blocked in the serving thread
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(_JOIN_TIMEOUT_S)
            self._thread = None
        if sock is not None:
            self._close(sock)

    def remove(self) -> None:
        """Take the card out of the reader (closes the connection)."""
        self.stop()

    def insert(self, card: VirtualCard | None = None) -> None:
        """Put a card (this one again, or ``card``) into the reader: stop, then connect and serve."""
        self.stop()
        if card is not None:
            self._card = card
        self.start()

    def __enter__(self) -> VpcdConnection:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- internals -----------------------------------------------------------------------------

    def _handle(self, message: bytes) -> bytes | None:
        self._greeted.set()
        if len(message) == 1:
            code = message[0]
            if code == CTRL_ATR:
                return self._card.atr()
            if code == CTRL_POWER_OFF:
                self._card.power_off()
            elif code == CTRL_POWER_ON:
                self._card.power_on()
            elif code == CTRL_RESET:
                self._card.reset()
            return None  # unknown control codes are ignored, like vicc does
        if not message:
            return None
        answer = self._card.apdu(message)
        self.apdu_count += 1
        return answer

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            if self._sock is sock:
                self._sock = None
        with contextlib.suppress(OSError):
            sock.close()


def _arm_quickack(sock: socket.socket) -> None:
    quickack = getattr(socket, "TCP_QUICKACK", None)  # Linux only
    if quickack is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.IPPROTO_TCP, quickack, 1)


def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        _arm_quickack(sock)
        chunk = sock.recv(size - len(buffer))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)


def _receive(sock: socket.socket) -> bytes | None:
    """One length-prefixed message, or ``None`` when the peer closed the connection."""
    header = _receive_exactly(sock, 2)
    if header is None:
        return None
    size = int.from_bytes(header, "big")
    if size == 0:
        return b""
    return _receive_exactly(sock, size)
