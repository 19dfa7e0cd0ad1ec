"""Card photos made ready for a screen.

The Thai card stores a JPEG; a CCCD chip (DG2) stores a JPEG or a JPEG 2000 image, which Qt
cannot show without a plug-in the kiosk does not ship. :func:`displayable_photo` hands back
bytes any image widget loads: JPEG and PNG unchanged, JPEG 2000 decoded with Pillow (OpenJPEG)
and written again as JPEG. Decoding a 480 x 640 JPEG 2000 takes 70 ms or more, so the card
readers call this on their own worker thread, never on the GUI thread.

Nothing here logs or keeps the image (personal data): no cache outlives the call.
"""

from __future__ import annotations

import io
import logging

log = logging.getLogger(__name__)

_JPEG = b"\xff\xd8\xff"
_PNG = b"\x89PNG\r\n\x1a\n"
_JP2 = b"\x00\x00\x00\x0cjP  \r\n\x87\n"
_J2K = b"\xff\x4f\xff\x51"
_MAX_SIDE = 1024  # a face image on a chip is about 480 x 640; anything bigger is shrunk


def is_jpeg2000(data: bytes) -> bool:
    return data.startswith(_JP2) or data.startswith(_J2K)


def displayable_photo(data: bytes) -> bytes:
    """``data`` as an image Qt can load: JPEG / PNG as they are, JPEG 2000 decoded to JPEG.

    Returns ``b""`` for no photo or bytes that are no image Pillow can decode (the screens then
    show no photo); never raises. Blocking (CPU): call it off the GUI thread."""
    if not data:
        return b""
    if data.startswith(_JPEG) or data.startswith(_PNG):
        return data
    if not is_jpeg2000(data):
        return b""
    try:
        from PIL import Image

        with Image.open(io.BytesIO(data)) as image:
            image.load()
            picture = image.convert("RGB")
        picture.thumbnail((_MAX_SIDE, _MAX_SIDE))
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=92)
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError... for bad images
        log.warning("a JPEG 2000 photo could not be decoded (%s)", type(exc).__name__)
        return b""
    return out.getvalue()
