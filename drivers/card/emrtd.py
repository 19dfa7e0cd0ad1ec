"""The card readers' side of ICAO 9303 chip documents (the Vietnamese CCCD, passports).

Such a chip answers nothing personal until the terminal proves it knows the document number,
date of birth and date of expiry (BAC / PACE). So a reader that finds one does not read it:
it reports :class:`~drivers.card.base.CardNeedsAccess`, and reads it only when asked with the
access data (``read_document``). This module holds the card reader's chip-document side
(:class:`drivers.card.reader.SmartCardReader`):

* recognising the chip (:func:`is_contactless_atr`, :func:`selects_emrtd`);
* one document read with events (:func:`read_document_holder`), turning the passive
  authentication verdict into the kiosk's policy.

Passive authentication policy, as an office that hands out services on the strength of the ID
card expects it: ``ok`` identifies the citizen; ``not_checked`` (the chip's own signature and
hashes verified, but no CSCA certificate to check the signer against: a kiosk whose trust
store is missing) identifies too, and the citizen's own-data screen says the check could not
be made; ``failed`` (data groups that do not match their signed hashes, or a signer the trust
store does not know) never identifies anyone: the read ends in :class:`DocumentNotVerified`,
the citizen is asked to see an officer, and technicians find the reason (no personal data) in
the log. The data read from such a chip is dropped with the document.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from drivers.card.base import CardEvent, CardHolder, CardInserted, CardReadFailed, CardReading
from drivers.card.errors import CardError
from drivers.card.photo import displayable_photo

if TYPE_CHECKING:
    from drivers.card.icao.mrz import MrzInformation
    from drivers.card.icao.pace import Can
    from drivers.card.icao.sod import TrustStore
    from drivers.card.thai_id import ApduTransport

log = logging.getLogger(__name__)

EMRTD_AID = bytes.fromhex("A0000002471001")
SELECT_EMRTD_APDU = bytes.fromhex("00A4040C07") + EMRTD_AID
"""SELECT by AID, no answer data wanted (ICAO 9303 part 10)."""

_PROGRESS_STEP = 0.01  # report progress when it has moved at least this much


class DocumentNotVerified(CardError):
    """Passive authentication failed: the chip's data does not match its signature, or the
    signature does not lead to a trusted country signing certificate. The citizen is sent to an
    officer; nothing read from the chip is used."""

    reason = "not_verified"
    default_message = "the chip's data could not be verified (passive authentication failed)"


def is_contactless_atr(atr: bytes) -> bool:
    """The PC/SC pseudo-ATR of an ISO/IEC 14443-4 card (PC/SC part 3, 3.1.3.2.3):
    ``3B 8n 80 01 ...``. Chip IDs and passports are contactless; the Thai ID card is not."""
    return len(atr) >= 4 and atr[0] == 0x3B and atr[1] & 0xF0 == 0x80 and atr[2:4] == b"\x80\x01"


def selects_emrtd(transport: ApduTransport) -> bool:
    """Whether the card accepts the eMRTD application (``SELECT A0 00 00 02 47 10 01``).

    Raises what the transport raises (:class:`~drivers.card.errors.CardRemoved`, ...)."""
    answer = transport.transmit(SELECT_EMRTD_APDU)
    return len(answer) >= 2 and answer[-2:] == b"\x90\x00"


def load_trust_store(path: Path | None) -> TrustStore | None:
    """The CSCA certificates of ``path`` (a folder), or ``None`` when none is configured.

    A folder that is missing or holds no certificate gives an empty store: passive
    authentication then says ``not_checked``, never ``ok``."""
    if path is None:
        return None
    from drivers.card.icao.sod import TrustStore

    store = TrustStore.load(path)
    if not len(store):
        log.warning("the CSCA trust store %s holds no certificate: chip IDs cannot be fully verified", path)
    return store


def read_document_holder(
    transport: ApduTransport,
    access: MrzInformation | Can,
    *,
    reader: str,
    trust_store: TrustStore | None,
    notify: Callable[[CardEvent], None],
    progress: Callable[[float], None] | None = None,
) -> CardHolder:
    """Reads the chip in ``transport`` and applies the passive-authentication policy.

    Blocking: call it on the reader's worker thread. ``notify`` hears ``CardReading`` with the
    fraction done, then ``CardInserted`` or ``CardReadFailed`` (``after_access=True``). Returns
    the holder (``document``: the ``CccdDocument``; ``photo``: the face ready for a screen) or raises
    the typed :class:`CardError` it also reported; an unexpected failure inside the reading code
    is reported and raised as a plain :class:`CardError` rather than left to hang a screen."""
    from drivers.card.icao.reader import read_cccd
    from drivers.card.icao.sod import PassiveAuthStatus

    last = -1.0

    def report(_stage: str, fraction: float) -> None:
        nonlocal last
        if fraction - last < _PROGRESS_STEP and fraction < 1.0:
            return
        last = fraction
        notify(CardReading(reader, fraction))
        if progress is not None:
            progress(fraction)

    report("access", 0.0)
    try:
        document = read_cccd(transport, access, trust_store=trust_store, progress=report)
    except CardError as exc:
        log.info("chip document read failed: %s", exc.reason)
        notify(CardReadFailed(reader, exc.reason, after_access=True))
        raise
    except Exception as exc:  # a parser bug must still end the read with a message, not a hang
        log.exception("chip document read failed unexpectedly")
        error = CardError(f"the chip could not be read ({type(exc).__name__})")
        notify(CardReadFailed(reader, error.reason, after_access=True))
        raise error from exc
    verdict = document.passive_authentication
    if verdict.status is PassiveAuthStatus.FAILED:
        log.warning("chip document refused: passive authentication failed: %s", verdict.reason)
        refused = DocumentNotVerified()
        notify(CardReadFailed(reader, refused.reason, after_access=True))
        raise refused
    if verdict.status is PassiveAuthStatus.NOT_CHECKED:
        log.warning("chip document accepted without a CSCA check: %s", verdict.reason)
    holder = CardHolder(document, photo=displayable_photo(document.photo))
    notify(CardInserted(reader, holder, after_access=True))
    return holder
