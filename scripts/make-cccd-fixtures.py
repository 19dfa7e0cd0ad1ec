"""Makes the virtual CCCD's fixture files: synthetic face pictures and the test PKI.

Usage: .venv/bin/python scripts/make-cccd-fixtures.py [--faces] [--pki] [--force]

Writes into ``resources/cards/vn/``:

* ``<name>.jpg`` / ``<name>.jp2``: a drawn face (no real person) per fixture, sized like a chip
  photo (480 x 640, 15-20 KB), for DG2;
* ``trust/vn-test-csca.pem``: the test country-signing CA's certificate (the trust store);
* ``pki/``: the test CSCA's private key and two document-signer certificates with their keys
  (RSA and ECDSA), which the virtual card signs its EF.SOD with when it loads a fixture.

The keys are for tests only: they are committed so that every run signs the same bytes, and no
real document or reader may ever trust them. Existing files are kept unless ``--force`` is given
(a new key pair invalidates nothing committed except these files themselves, but new picture
bytes change the photo hashes the tests read back, so there is no reason to churn them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID
from PIL import Image, ImageChops, ImageDraw, ImageFilter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "resources" / "cards" / "vn"
TRUST = FIXTURES / "trust"
PKI = FIXTURES / "pki"

WIDTH, HEIGHT = 480, 640
SUPERSAMPLE = 2
PHOTO_MIN, PHOTO_MAX = 15_000, 19_400  # DG2 adds about 60 bytes of headers: under 20 KB

TEST_ONLY = (
    "TEST KEY - virtual CCCD fixtures of the district kiosk only. Committed on purpose so tests are\n"
    "deterministic; worthless for any real document. Never put it in a production trust store.\n"
)

# --------------------------------------------------------------------------------------------
# Faces
# --------------------------------------------------------------------------------------------

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Look:
    """What a drawn face looks like; ``seed`` fixes the hair texture and the sensor noise."""

    seed: int
    skin: RGB
    hair: RGB
    long_hair: bool
    shirt: RGB
    age: int
    glasses: bool = False
    image_format: str = "jpg"


LOOKS: dict[str, Look] = {
    "an": Look(11, (224, 178, 140), (28, 22, 20), False, (245, 245, 245), 35),
    "lan": Look(12, (232, 190, 160), (20, 16, 14), True, (250, 250, 250), 24),
    "mo": Look(13, (210, 165, 128), (70, 66, 62), True, (236, 236, 240), 67),
    "duc": Look(
        14, (205, 160, 120), (40, 34, 30), False, (235, 238, 242), 53, glasses=True, image_format="jp2"
    ),
    "anh": Look(15, (228, 186, 152), (45, 30, 22), True, (248, 248, 248), 31),
}
"""Fixture name -> its face. ``image_format`` jp2 = JPEG 2000 (DG2 image data type 1)."""


def _darker(colour: RGB, by: int) -> RGB:
    return (max(0, colour[0] - by), max(0, colour[1] - by), max(0, colour[2] - by))


def _lighter(colour: RGB, by: int) -> RGB:
    return (min(255, colour[0] + by), min(255, colour[1] + by), min(255, colour[2] + by))


# Drawing happens at SUPERSAMPLE times the size (then scaled down, which smooths the edges).
S = SUPERSAMPLE
W, H = WIDTH * S, HEIGHT * S
CX = W // 2
HALF = 125 * S  # half the head's width
TOP = 150 * S  # the crown


def draw_face(look: Look) -> Image.Image:
    """A frontal head-and-shoulders picture on a pale studio background, as ICAO photos are."""
    rng = random.Random(look.seed)
    img = _head_and_shoulders(look)
    _hair(img, look, rng)
    _features(ImageDraw.Draw(img), look, rng)
    img = img.resize((WIDTH, HEIGHT), Image.Resampling.LANCZOS)
    # sensor noise, as a camera leaves it (it also gives the JPEG a realistic size)
    pixels = np.asarray(img).astype(np.float32)
    pixels += np.random.default_rng(look.seed).normal(0.0, 3.0, pixels.shape)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def _head_and_shoulders(look: Look) -> Image.Image:
    s, w, h, cx, half, top = S, W, H, CX, HALF, TOP
    img = Image.new("RGB", (w, h))
    background = ImageDraw.Draw(img)
    for y in range(h):
        t = y / h
        background.line([(0, y), (w, y)], fill=(int(242 - 18 * t), int(245 - 14 * t), int(250 - 8 * t)))

    shade, light = _darker(look.skin, 38), _lighter(look.skin, 18)
    cx = w // 2
    half = 125 * s  # half the head's width
    top = 150 * s  # the crown

    body = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    d = ImageDraw.Draw(body)
    if look.long_hair:  # hair falling behind the shoulders
        d.rounded_rectangle(
            (cx - 165 * s, top + 60 * s, cx + 165 * s, top + 470 * s), radius=90 * s, fill=look.hair
        )
    d.ellipse((cx - 330 * s, 545 * s, cx + 330 * s, 900 * s), fill=look.shirt)
    d.rounded_rectangle((cx - 62 * s, 400 * s, cx + 62 * s, 590 * s), radius=30 * s, fill=shade)
    collar = _darker(look.shirt, 25)
    d.polygon([(cx - 80 * s, 560 * s), (cx, 640 * s), (cx - 10 * s, 575 * s)], fill=collar)
    d.polygon([(cx + 80 * s, 560 * s), (cx, 640 * s), (cx + 10 * s, 575 * s)], fill=collar)
    ear = top + 150 * s
    d.ellipse((cx - half - 22 * s, ear, cx - half + 18 * s, ear + 80 * s), fill=shade)
    d.ellipse((cx + half - 18 * s, ear, cx + half + 22 * s, ear + 80 * s), fill=shade)
    d.ellipse((cx - half, top, cx + half, top + 320 * s), fill=look.skin)
    img.paste(body, (0, 0), body)

    # soft light on the forehead, shadow along the jaw
    glow = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    g.ellipse((cx - 80 * s, top + 30 * s, cx + 80 * s, top + 150 * s), fill=(*light, 120))
    g.ellipse((cx - half + 10 * s, top + 230 * s, cx + half - 10 * s, top + 330 * s), fill=(*shade, 70))
    glow = glow.filter(ImageFilter.GaussianBlur(28 * s))
    img.paste(glow, (0, 0), glow)
    return img


def _hair(img: Image.Image, look: Look, rng: random.Random) -> None:
    s, w, h, cx, half, top = S, W, H, CX, HALF, TOP
    d = ImageDraw.Draw(img)
    hair_box = (cx - half - 8 * s, top - 18 * s, cx + half + 8 * s, top + 190 * s)
    d.chord(hair_box, 180, 360, fill=look.hair)
    if look.long_hair:
        d.pieslice((cx - half - 8 * s, top - 18 * s, cx + 40 * s, top + 230 * s), 150, 290, fill=look.hair)
        d.pieslice((cx - 40 * s, top - 18 * s, cx + half + 8 * s, top + 230 * s), 250, 30, fill=look.hair)
    else:
        d.rectangle((cx - half - 6 * s, top + 70 * s, cx - half + 14 * s, top + 150 * s), fill=look.hair)
        d.rectangle((cx + half - 14 * s, top + 70 * s, cx + half + 6 * s, top + 150 * s), fill=look.hair)
        fringe = [
            (cx - half + 6 * s, top + 98 * s),
            (cx - 40 * s, top + 76 * s),
            (cx + 60 * s, top + 92 * s),
            (cx + half - 6 * s, top + 116 * s),
            (cx + half - 6 * s, top + 60 * s),
            (cx - half + 6 * s, top + 60 * s),
        ]
        d.polygon(fringe, fill=look.hair)
    # hair texture, kept inside the hair
    strands = Image.new("L", (w, h), 0)
    m = ImageDraw.Draw(strands)
    for _ in range(220):
        x = cx + rng.randint(-half + 20 * s, half - 20 * s)
        y = top + rng.randint(5 * s, 80 * s)
        m.line([(x, y), (x + rng.randint(-14, 14) * s, y + rng.randint(10, 30) * s)], fill=150, width=s)
    inside = Image.new("L", (w, h), 0)
    ImageDraw.Draw(inside).chord(
        (hair_box[0] + 12 * s, hair_box[1] + 12 * s, hair_box[2] - 12 * s, hair_box[3]), 180, 360, fill=255
    )
    img.paste(Image.new("RGB", (w, h), _lighter(look.hair, 26)), (0, 0), ImageChops.multiply(strands, inside))


def _features(d: ImageDraw.ImageDraw, look: Look, rng: random.Random) -> None:
    """Eyebrows, eyes (and glasses), nose, mouth, and the lines and grey hair of age."""
    s, cx, half, top = S, CX, HALF, TOP
    shade = _darker(look.skin, 38)
    brow = top + 140 * s
    for side in (-1, 1):
        x0, x1 = cx + side * 28 * s, cx + side * 88 * s
        d.line(
            [(x0, brow + 2 * s), ((x0 + x1) // 2, brow - 6 * s), (x1, brow + 4 * s)],
            fill=look.hair,
            width=7 * s,
            joint="curve",
        )
    eye = top + 168 * s
    for side in (-1, 1):
        ex = cx + side * 58 * s
        d.ellipse((ex - 24 * s, eye - 10 * s, ex + 24 * s, eye + 10 * s), fill=(250, 250, 248))
        d.ellipse((ex - 10 * s, eye - 10 * s, ex + 10 * s, eye + 10 * s), fill=(62, 42, 30))
        d.ellipse((ex - 5 * s, eye - 5 * s, ex + 5 * s, eye + 5 * s), fill=(15, 10, 8))
        d.ellipse((ex + 2 * s, eye - 6 * s, ex + 5 * s, eye - 3 * s), fill=(255, 255, 255))
        d.arc((ex - 26 * s, eye - 16 * s, ex + 26 * s, eye + 12 * s), 195, 345, fill=shade, width=3 * s)
        if look.age >= 50:
            d.arc((ex - 24 * s, eye + 4 * s, ex + 24 * s, eye + 22 * s), 20, 160, fill=shade, width=2 * s)
    if look.glasses:
        frame = (40, 40, 45)
        for side in (-1, 1):
            ex = cx + side * 58 * s
            d.rounded_rectangle(
                (ex - 40 * s, eye - 28 * s, ex + 40 * s, eye + 26 * s),
                radius=14 * s,
                outline=frame,
                width=4 * s,
            )
        d.line([(cx - 18 * s, eye - 6 * s), (cx + 18 * s, eye - 6 * s)], fill=frame, width=4 * s)
    nose = top + 240 * s
    d.line([(cx - 4 * s, eye + 20 * s), (cx - 12 * s, nose)], fill=shade, width=3 * s)
    d.arc((cx - 26 * s, nose - 14 * s, cx + 26 * s, nose + 8 * s), 20, 160, fill=shade, width=3 * s)
    mouth = top + 272 * s
    lips = (max(0, look.skin[0] - 10), max(0, look.skin[1] - 70), max(0, look.skin[2] - 60))
    d.chord((cx - 38 * s, mouth - 8 * s, cx + 38 * s, mouth + 14 * s), 0, 180, fill=lips)
    d.line([(cx - 38 * s, mouth + 3 * s), (cx + 38 * s, mouth + 3 * s)], fill=shade, width=2 * s)
    if look.age >= 50:
        for side in (-1, 1):
            d.line(
                [(cx + side * 30 * s, nose - 2 * s), (cx + side * 46 * s, mouth + 8 * s)],
                fill=shade,
                width=2 * s,
            )
        d.line([(cx - 50 * s, top + 112 * s), (cx + 50 * s, top + 112 * s)], fill=shade, width=s)
        grey = (168, 168, 168)
        for _ in range(90):
            x = cx + rng.choice((-1, 1)) * rng.randint(half - 30 * s, half)
            y = top + rng.randint(40 * s, 140 * s)
            d.line([(x, y), (x, y + rng.randint(8, 20) * s)], fill=grey, width=s)


def _fit(encode: Callable[[int], bytes], settings: range) -> bytes:
    """The first setting whose encoding lands within the photo size range."""
    for setting in settings:
        data = encode(setting)
        if PHOTO_MIN <= len(data) <= PHOTO_MAX:
            return data
    raise SystemExit(f"no encoder setting gives a photo of {PHOTO_MIN}-{PHOTO_MAX} bytes")


def encode_photo(img: Image.Image, image_format: str) -> bytes:
    def jpeg(quality: int) -> bytes:
        out = io.BytesIO()
        img.save(out, "JPEG", quality=quality, optimize=True)
        return out.getvalue()

    def jpeg2000(rate: int) -> bytes:
        out = io.BytesIO()
        img.save(out, "JPEG2000", quality_mode="rates", quality_layers=[rate], irreversible=True)
        return out.getvalue()

    if image_format == "jp2":
        return _fit(jpeg2000, range(40, 120, 2))
    return _fit(jpeg, range(80, 40, -1))


def make_faces(force: bool) -> None:
    for name, look in LOOKS.items():
        path = FIXTURES / f"{name}.{look.image_format}"
        if path.exists() and not force:
            print(f"kept    {path.relative_to(ROOT)}")
            continue
        data = encode_photo(draw_face(look), look.image_format)
        path.write_bytes(data)
        print(f"wrote   {path.relative_to(ROOT)} ({len(data)} bytes)")


# --------------------------------------------------------------------------------------------
# Test PKI
# --------------------------------------------------------------------------------------------

NOT_BEFORE = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
NOT_AFTER = dt.datetime(2045, 1, 1, tzinfo=dt.UTC)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "District kiosk TEST PKI (not valid)"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _write_key(path: Path, key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    path.write_bytes(TEST_ONLY.encode() + pem)  # PEM readers skip text before the BEGIN line


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _load_key(path: Path) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SystemExit(f"{path}: not an RSA or EC key")
    return key


def make_csca() -> tuple[x509.Certificate, rsa.RSAPrivateKey]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    subject = _name("CSCA Viet Nam TEST")
    public = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def make_document_signer(
    common_name: str,
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
    csca: x509.Certificate,
    csca_key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey,
) -> x509.Certificate:
    public = key.public_key()
    ski = csca.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    return (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(csca.subject)
        .public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOT_BEFORE)
        .not_valid_after(NOT_AFTER)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(csca_key, hashes.SHA256())
    )


def make_pki(force: bool) -> None:
    TRUST.mkdir(parents=True, exist_ok=True)
    PKI.mkdir(parents=True, exist_ok=True)
    csca_path, csca_key_path = TRUST / "vn-test-csca.pem", PKI / "csca.key.pem"
    if force or not (csca_path.exists() and csca_key_path.exists()):
        csca, csca_key = make_csca()
        _write_cert(csca_path, csca)
        _write_key(csca_key_path, csca_key)
        print(f"wrote   {csca_path.relative_to(ROOT)}, {csca_key_path.relative_to(ROOT)}")
        force = True  # the document signers must be issued by the new CSCA
    csca = x509.load_pem_x509_certificate(csca_path.read_bytes())
    csca_key = _load_key(csca_key_path)
    signers: dict[str, Callable[[], rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey]] = {
        "ds-rsa": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
        "ds-ecdsa": lambda: ec.generate_private_key(ec.SECP256R1()),
    }
    for index, (name, generate) in enumerate(signers.items(), start=1):
        cert_path, key_path = PKI / f"{name}.pem", PKI / f"{name}.key.pem"
        if cert_path.exists() and key_path.exists() and not force:
            print(f"kept    {cert_path.relative_to(ROOT)}")
            continue
        key = generate()
        _write_cert(
            cert_path, make_document_signer(f"Document Signer CCCD TEST {index}", key, csca, csca_key)
        )
        _write_key(key_path, key)
        print(f"wrote   {cert_path.relative_to(ROOT)}, {key_path.relative_to(ROOT)}")
    (PKI / "README.txt").write_text(
        TEST_ONLY
        + "\nFiles: csca.key.pem (the test CSCA's key; its certificate is ../trust/vn-test-csca.pem),\n"
        "ds-rsa.pem / ds-ecdsa.pem (document signers issued by it) and their .key.pem keys.\n"
        "Made by scripts/make-cccd-fixtures.py.\n",
        encoding="utf-8",
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--faces", action="store_true", help="only the face pictures")
    parser.add_argument("--pki", action="store_true", help="only the test PKI")
    parser.add_argument("--force", action="store_true", help="replace existing files")
    args = parser.parse_args(argv)
    both = not (args.faces or args.pki)
    FIXTURES.mkdir(parents=True, exist_ok=True)
    if args.faces or both:
        make_faces(args.force)
    if args.pki or both:
        make_pki(args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
