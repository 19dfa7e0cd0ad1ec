"""EF.SOD and passive authentication (ICAO Doc 9303 part 10, 4.6.2, and part 11, 5.1).

EF.SOD is ``77 { ContentInfo }``: CMS SignedData whose encapsulated content (type
``2.23.136.1.1.1``) is an LDSSecurityObject::

    LDSSecurityObject ::= SEQUENCE {
        version INTEGER, hashAlgorithm AlgorithmIdentifier,
        dataGroupHashValues SEQUENCE OF SEQUENCE { dataGroupNumber INTEGER,
                                                   dataGroupHashValue OCTET STRING },
        ldsVersionInfo SEQUENCE { ldsVersion PrintableString, unicodeVersion PrintableString } OPTIONAL }

:func:`passive_authentication` checks, in order:

1. the hash of every data group read equals the one in the SOD (a group read but not listed fails);
2. the SignerInfo: the content-type and message-digest signed attributes match the content, and
   the signature over the signed attributes (DER, as a SET) verifies with the document signer
   certificate embedded in the SOD - RSA PKCS#1 v1.5, RSA-PSS, ECDSA (X9.62 and the BSI plain
   ``r || s`` form);
3. the document signer certificate was issued by a CSCA of the trust store (a directory of PEM /
   DER certificates; the certificate's signature is verified) and both certificates were valid at
   the signing time (the ``signingTime`` attribute, or now when the SOD has none).

The result is ``ok`` only when all three hold; ``failed`` names the first check that failed;
``not_checked`` means steps 1-2 passed but there was no trust store to finish step 3 (no trust
store configured, the directory missing, or no certificate in it). It is never silently ``ok``.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar

from asn1crypto import algos, cms, core  # type: ignore[import-untyped]
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from drivers.card.icao import ber
from drivers.card.icao.errors import BerError, SodError

log = logging.getLogger(__name__)

__all__ = [
    "LDS_SECURITY_OBJECT_OID",
    "LdsSecurityObject",
    "PassiveAuthResult",
    "PassiveAuthStatus",
    "SecurityObject",
    "TrustStore",
    "hash_algorithm_name",
    "parse_sod",
    "passive_authentication",
]

LDS_SECURITY_OBJECT_OID = "2.23.136.1.1.1"

_DIGESTS: Mapping[str, str] = {
    "1.3.14.3.2.26": "sha1",
    "2.16.840.1.101.3.4.2.4": "sha224",
    "2.16.840.1.101.3.4.2.1": "sha256",
    "2.16.840.1.101.3.4.2.2": "sha384",
    "2.16.840.1.101.3.4.2.3": "sha512",
}
_HASHES: Mapping[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1,
    "sha224": hashes.SHA224,
    "sha256": hashes.SHA256,
    "sha384": hashes.SHA384,
    "sha512": hashes.SHA512,
}
# Signature algorithm OID -> (scheme, hash or None to use the SignerInfo's digest algorithm).
_SIGNATURES: Mapping[str, tuple[str, str | None]] = {
    "1.2.840.113549.1.1.1": ("pkcs1", None),
    "1.2.840.113549.1.1.5": ("pkcs1", "sha1"),
    "1.2.840.113549.1.1.14": ("pkcs1", "sha224"),
    "1.2.840.113549.1.1.11": ("pkcs1", "sha256"),
    "1.2.840.113549.1.1.12": ("pkcs1", "sha384"),
    "1.2.840.113549.1.1.13": ("pkcs1", "sha512"),
    "1.2.840.113549.1.1.10": ("pss", None),
    "1.2.840.10045.2.1": ("ecdsa", None),
    "1.2.840.10045.4.1": ("ecdsa", "sha1"),
    "1.2.840.10045.4.3.1": ("ecdsa", "sha224"),
    "1.2.840.10045.4.3.2": ("ecdsa", "sha256"),
    "1.2.840.10045.4.3.3": ("ecdsa", "sha384"),
    "1.2.840.10045.4.3.4": ("ecdsa", "sha512"),
    "0.4.0.127.0.7.1.1.4.1.1": ("ecdsa-plain", "sha1"),
    "0.4.0.127.0.7.1.1.4.1.2": ("ecdsa-plain", "sha224"),
    "0.4.0.127.0.7.1.1.4.1.3": ("ecdsa-plain", "sha256"),
    "0.4.0.127.0.7.1.1.4.1.4": ("ecdsa-plain", "sha384"),
    "0.4.0.127.0.7.1.1.4.1.5": ("ecdsa-plain", "sha512"),
}


def hash_algorithm_name(oid: str) -> str:
    """``sha1`` ... ``sha512`` for a digest algorithm OID; :class:`SodError` for others."""
    name = _DIGESTS.get(oid)
    if name is None:
        raise SodError(f"unsupported hash algorithm {oid}")
    return name


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------


class _DataGroupHash(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[Any]] = [("number", core.Integer), ("hash", core.OctetString)]


class _DataGroupHashValues(core.SequenceOf):  # type: ignore[misc]
    _child_spec = _DataGroupHash


class _LdsVersionInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar[list[Any]] = [
        ("lds_version", core.PrintableString),
        ("unicode_version", core.PrintableString),
    ]


class LdsSecurityObject(core.Sequence):  # type: ignore[misc]
    """The ASN.1 of the LDS security object (asn1crypto)."""

    _fields: ClassVar[list[Any]] = [
        ("version", core.Integer),
        ("hash_algorithm", algos.DigestAlgorithm),
        ("hashes", _DataGroupHashValues),
        ("lds_version_info", _LdsVersionInfo, {"optional": True}),
    ]


@dataclass(frozen=True, repr=False)
class SecurityObject:
    """What passive authentication needs from EF.SOD, extracted and checked for shape."""

    hash_algorithm: str
    data_group_hashes: Mapping[int, bytes]
    content: bytes
    content_type: str
    signer_digest: str
    signature_oid: str
    signature_parameters: bytes | None
    signature: bytes
    signed_attributes: bytes | None
    attribute_content_type: str | None
    attribute_message_digest: bytes | None
    signing_time: datetime | None
    signer_certificate: bytes | None
    certificates: tuple[bytes, ...] = field(default=())

    def __repr__(self) -> str:
        return (
            f"SecurityObject(hash={self.hash_algorithm}, groups={sorted(self.data_group_hashes)}, "
            f"signature={self.signature_oid})"
        )


def _signer_certificate(signer: Any, certificates: list[Any]) -> bytes | None:
    sid = signer["sid"]
    if sid.name == "issuer_and_serial_number":
        issuer = sid.chosen["issuer"]
        serial = sid.chosen["serial_number"].native
        for cert in certificates:
            tbs = cert["tbs_certificate"]
            if tbs["serial_number"].native == serial and tbs["issuer"] == issuer:
                return bytes(cert.dump())
    else:
        wanted = sid.chosen.native
        for cert in certificates:
            if cert.key_identifier == wanted:
                return bytes(cert.dump())
    return None


def _parse(data: bytes) -> SecurityObject:
    root = ber.decode_all(data)
    if len(root) != 1 or root[0].tag != 0x77:
        raise SodError("EF.SOD does not start with tag 77")
    info = cms.ContentInfo.load(root[0].value, strict=True)
    if info["content_type"].dotted != "1.2.840.113549.1.7.2":
        raise SodError("EF.SOD does not hold CMS signed data")
    signed = info["content"]
    encap = signed["encap_content_info"]
    content_type = encap["content_type"].dotted
    content_value = encap["content"]
    if content_value is None or content_value.native is None:
        raise SodError("EF.SOD has no encapsulated content")
    content = bytes(content_value.contents)
    lds = LdsSecurityObject.load(content, strict=True)
    algorithm = hash_algorithm_name(lds["hash_algorithm"]["algorithm"].dotted)
    hashes_by_group: dict[int, bytes] = {}
    for item in lds["hashes"]:
        number = int(item["number"].native)
        if not 1 <= number <= 16 or number in hashes_by_group:
            raise SodError("EF.SOD lists a data group number twice or out of range")
        hashes_by_group[number] = bytes(item["hash"].native)
    signers = list(signed["signer_infos"])
    if len(signers) != 1:
        raise SodError("EF.SOD must have exactly one signer")
    signer = signers[0]
    certificates = [cert.chosen for cert in (signed["certificates"] or []) if cert.name == "certificate"]
    signed_attrs = signer["signed_attrs"]
    attr_type: str | None = None
    attr_digest: bytes | None = None
    signing_time: datetime | None = None
    attrs_der: bytes | None = None
    if signed_attrs is not None and len(signed_attrs):
        attrs_der = b"\x31" + bytes(signed_attrs.dump())[1:]
        for attribute in signed_attrs:
            kind = attribute["type"].dotted
            values = list(attribute["values"])
            if not values:
                continue
            if kind == "1.2.840.113549.1.9.3":
                attr_type = values[0].dotted
            elif kind == "1.2.840.113549.1.9.4":
                attr_digest = bytes(values[0].native)
            elif kind == "1.2.840.113549.1.9.5":
                value = values[0].native
                signing_time = value if isinstance(value, datetime) else None
    sig_algorithm = signer["signature_algorithm"]
    parameters = sig_algorithm["parameters"]
    return SecurityObject(
        hash_algorithm=algorithm,
        data_group_hashes=hashes_by_group,
        content=content,
        content_type=content_type,
        signer_digest=hash_algorithm_name(signer["digest_algorithm"]["algorithm"].dotted),
        signature_oid=sig_algorithm["algorithm"].dotted,
        signature_parameters=bytes(parameters.dump())
        if parameters is not None and parameters.contents
        else None,
        signature=bytes(signer["signature"].native),
        signed_attributes=attrs_der,
        attribute_content_type=attr_type,
        attribute_message_digest=attr_digest,
        signing_time=signing_time,
        signer_certificate=_signer_certificate(signer, certificates),
        certificates=tuple(bytes(cert.dump()) for cert in certificates),
    )


def parse_sod(data: bytes) -> SecurityObject:
    """Parses EF.SOD. Raises only :class:`SodError` (or :class:`BerError`, a sibling)."""
    try:
        return _parse(bytes(data))
    except (SodError, BerError):
        raise
    except Exception as exc:  # asn1crypto is untyped and raises many kinds on malformed DER
        raise SodError(f"EF.SOD is not a valid signed security object ({type(exc).__name__})") from None


# --------------------------------------------------------------------------------------------
# Trust store
# --------------------------------------------------------------------------------------------


class TrustStore:
    """CSCA certificates from a directory of ``.pem`` / ``.crt`` / ``.cer`` / ``.der`` files (a
    PEM file may hold several). Files that are not certificates are skipped (and logged by name)."""

    SUFFIXES = (".pem", ".crt", ".cer", ".der")

    def __init__(self, certificates: list[x509.Certificate], source: str = "") -> None:
        self.certificates = certificates
        self.source = source

    @classmethod
    def load(cls, directory: Path) -> TrustStore:
        certificates: list[x509.Certificate] = []
        for path in sorted(directory.iterdir()) if directory.is_dir() else []:
            if path.suffix.lower() not in cls.SUFFIXES or not path.is_file():
                continue
            raw = path.read_bytes()
            try:
                if b"-----BEGIN CERTIFICATE-----" in raw:
                    certificates += x509.load_pem_x509_certificates(raw)
                else:
                    certificates.append(x509.load_der_x509_certificate(raw))
            except ValueError:
                log.warning("trust store: %s is not a certificate; skipped", path.name)
        return cls(certificates, str(directory))

    def issuers_of(self, certificate: x509.Certificate) -> list[x509.Certificate]:
        return [csca for csca in self.certificates if csca.subject == certificate.issuer]

    def __len__(self) -> int:
        return len(self.certificates)


# --------------------------------------------------------------------------------------------
# Passive authentication
# --------------------------------------------------------------------------------------------


class PassiveAuthStatus(StrEnum):
    OK = "ok"
    FAILED = "failed"
    NOT_CHECKED = "not_checked"


@dataclass(frozen=True)
class PassiveAuthResult:
    """The outcome with a one-sentence reason (no personal data) and the groups whose hashes
    were verified."""

    status: PassiveAuthStatus
    reason: str
    verified_groups: tuple[int, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status is PassiveAuthStatus.OK


def _failed(reason: str, groups: tuple[int, ...] = ()) -> PassiveAuthResult:
    return PassiveAuthResult(PassiveAuthStatus.FAILED, reason, groups)


def _hash(name: str, data: bytes) -> bytes:
    return hashlib.new(name, data).digest()


def _pss_padding(parameters: bytes | None, signer_digest: str) -> tuple[padding.PSS, str]:
    params = algos.RSASSAPSSParams.load(parameters) if parameters else algos.RSASSAPSSParams()
    digest = (
        hash_algorithm_name(params["hash_algorithm"]["algorithm"].dotted) if parameters else signer_digest
    )
    mgf = params["mask_gen_algorithm"]
    mgf_hash = digest
    if mgf["parameters"] is not None and mgf["parameters"].contents:
        mgf_hash = hash_algorithm_name(mgf["parameters"]["algorithm"].dotted)
    salt = int(params["salt_length"].native)
    return padding.PSS(mgf=padding.MGF1(_HASHES[mgf_hash]()), salt_length=salt), digest


def _verify_signature(sod: SecurityObject, certificate: x509.Certificate, data: bytes) -> None:
    """Raises InvalidSignature / SodError when the SignerInfo's signature does not verify."""
    scheme = _SIGNATURES.get(sod.signature_oid)
    if scheme is None:
        raise SodError(f"unsupported signature algorithm {sod.signature_oid}")
    kind, digest = scheme
    key = certificate.public_key()
    if kind in ("pkcs1", "pss"):
        if not isinstance(key, rsa.RSAPublicKey):
            raise SodError("the signature algorithm needs an RSA document signer key")
        if kind == "pss":
            pss, name = _pss_padding(sod.signature_parameters, sod.signer_digest)
            key.verify(sod.signature, data, pss, _HASHES[name]())
        else:
            key.verify(sod.signature, data, padding.PKCS1v15(), _HASHES[digest or sod.signer_digest]())
        return
    if not isinstance(key, ec.EllipticCurvePublicKey):
        raise SodError("the signature algorithm needs an elliptic-curve document signer key")
    signature = sod.signature
    if kind == "ecdsa-plain":
        half = len(signature) // 2
        if len(signature) % 2 or not half:
            raise SodError("a plain ECDSA signature has an odd length")
        signature = encode_dss_signature(
            int.from_bytes(signature[:half], "big"), int.from_bytes(signature[half:], "big")
        )
    key.verify(signature, data, ec.ECDSA(_HASHES[digest or sod.signer_digest]()))


def _valid_at(certificate: x509.Certificate, moment: datetime) -> bool:
    return certificate.not_valid_before_utc <= moment <= certificate.not_valid_after_utc


def passive_authentication(
    sod_data: bytes | None,
    data_groups: Mapping[int, bytes],
    trust_store: TrustStore | Path | None,
    *,
    now: datetime | None = None,
) -> PassiveAuthResult:
    """Checks the data groups read (number -> the file's bytes) against EF.SOD and the trust store.

    ``trust_store``: a :class:`TrustStore`, a directory, or ``None`` (not configured). Never raises
    for bad card data: a malformed SOD is a ``failed`` result."""
    if sod_data is None:
        return _failed("the chip has no document security object (EF.SOD)")
    try:
        sod = parse_sod(sod_data)
    except (SodError, BerError) as exc:
        return _failed(f"the document security object cannot be read: {exc}")
    if sod.content_type != LDS_SECURITY_OBJECT_OID:
        return _failed("the document security object does not hold an LDS security object")

    verified: list[int] = []
    for number in sorted(data_groups):
        expected = sod.data_group_hashes.get(number)
        if expected is None:
            return _failed(f"DG{number} is not listed in the document security object", tuple(verified))
        if not hmac.compare_digest(_hash(sod.hash_algorithm, data_groups[number]), expected):
            return _failed(
                f"the hash of DG{number} does not match the document security object", tuple(verified)
            )
        verified.append(number)
    groups = tuple(verified)

    if sod.signer_certificate is None:
        return _failed("the document signer certificate is missing from the document security object", groups)
    try:
        signer = x509.load_der_x509_certificate(sod.signer_certificate)
    except ValueError:
        return _failed("the document signer certificate cannot be read", groups)
    if sod.signed_attributes is not None:
        if sod.attribute_content_type != sod.content_type:
            return _failed("the signed content type does not match the security object", groups)
        digest = _hash(sod.signer_digest, sod.content)
        if sod.attribute_message_digest is None or not hmac.compare_digest(
            digest, sod.attribute_message_digest
        ):
            return _failed("the signed message digest does not match the security object", groups)
        signed_data = sod.signed_attributes
    else:
        signed_data = sod.content
    try:
        _verify_signature(sod, signer, signed_data)
    except InvalidSignature:
        return _failed("the document signature does not verify with the document signer certificate", groups)
    except (SodError, UnsupportedAlgorithm, ValueError, TypeError) as exc:
        return _failed(f"the document signature cannot be checked: {exc}", groups)

    if trust_store is None:
        return PassiveAuthResult(
            PassiveAuthStatus.NOT_CHECKED,
            "no CSCA trust store is configured (data group hashes and document signature verified)",
            groups,
        )
    store = trust_store if isinstance(trust_store, TrustStore) else TrustStore.load(trust_store)
    if not len(store):
        where = "the CSCA trust store holds no certificates"
        if isinstance(trust_store, Path) and not trust_store.is_dir():
            where = "the CSCA trust store directory does not exist"
        return PassiveAuthResult(
            PassiveAuthStatus.NOT_CHECKED,
            f"{where} (data group hashes and document signature verified)",
            groups,
        )
    moment = sod.signing_time or now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if not _valid_at(signer, moment):
        return _failed("the document signer certificate was not valid when the document was signed", groups)
    issuers = store.issuers_of(signer)
    if not issuers:
        return _failed(
            "no CSCA certificate in the trust store issued the document signer certificate", groups
        )
    for csca in issuers:
        try:
            signer.verify_directly_issued_by(csca)
        except (InvalidSignature, ValueError, TypeError, UnsupportedAlgorithm):
            continue
        if not _valid_at(csca, moment):
            return _failed("the CSCA certificate was not valid when the document was signed", groups)
        return PassiveAuthResult(
            PassiveAuthStatus.OK,
            "data group hashes, document signature and CSCA chain verified",
            groups,
        )
    return _failed("the document signer certificate's signature does not verify with the CSCA", groups)
