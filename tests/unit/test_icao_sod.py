"""EF.SOD and passive authentication with certificates generated here: hashes, the document
signature (RSA PKCS#1 v1.5, RSA-PSS, ECDSA), the CSCA chain, and never a silent ``ok``."""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import algos, cms, core  # type: ignore[import-untyped]
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.card.icao import ber
from drivers.card.icao.errors import BerError, SodError
from drivers.card.icao.sod import (
    LdsSecurityObject,
    PassiveAuthStatus,
    TrustStore,
    parse_sod,
    passive_authentication,
)

SIGNED_AT = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
GROUPS = {1: b"\x61\x05\x5f\x1f\x02AB", 2: b"\x75\x03face", 13: b"\x6d\x04Nhung"}

PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Test issuing authority"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_certificate(
    subject: str,
    key: PrivateKey,
    issuer: str,
    issuer_key: PrivateKey,
    *,
    ca: bool,
    not_before: datetime,
    not_after: datetime,
    rsa_pss: bool = False,
) -> x509.Certificate:
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
    )
    if rsa_pss:
        pss = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
        return builder.sign(issuer_key, hashes.SHA256(), rsa_padding=pss)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Pki:
    csca_key: PrivateKey
    csca: x509.Certificate
    rsa_key: rsa.RSAPrivateKey
    rsa_ds: x509.Certificate
    ec_key: ec.EllipticCurvePrivateKey
    ec_ds: x509.Certificate


@pytest.fixture(scope="module")
def pki() -> Pki:
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)
    csca_key = ec.generate_private_key(ec.SECP384R1())
    csca = make_certificate(
        "CSCA VN test", csca_key, "CSCA VN test", csca_key, ca=True, not_before=start, not_after=end
    )
    rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ec_key = ec.generate_private_key(ec.BrainpoolP256R1())
    ds_start, ds_end = datetime(2023, 1, 1, tzinfo=UTC), datetime(2033, 1, 1, tzinfo=UTC)
    rsa_ds = make_certificate(
        "DS RSA", rsa_key, "CSCA VN test", csca_key, ca=False, not_before=ds_start, not_after=ds_end
    )
    ec_ds = make_certificate(
        "DS EC", ec_key, "CSCA VN test", csca_key, ca=False, not_before=ds_start, not_after=ds_end
    )
    return Pki(csca_key, csca, rsa_key, rsa_ds, ec_key, ec_ds)


def build_sod(
    groups: Mapping[int, bytes],
    key: PrivateKey,
    certificate: x509.Certificate,
    *,
    scheme: str = "pkcs1",
    hash_name: str = "sha256",
    signing_time: datetime | None = SIGNED_AT,
    message_digest: bytes | None = None,
) -> bytes:
    """EF.SOD as an issuer writes it: LDSSecurityObject, signed attributes, one SignerInfo."""
    lds = LdsSecurityObject(
        {
            "version": 0,
            "hash_algorithm": {"algorithm": hash_name},
            "hashes": [
                {"number": number, "hash": hashlib.new(hash_name, data).digest()}
                for number, data in sorted(groups.items())
            ],
        }
    )
    content = lds.dump()
    attributes: list[Any] = [
        {"type": "content_type", "values": ["2.23.136.1.1.1"]},
        {"type": "message_digest", "values": [message_digest or hashlib.new(hash_name, content).digest()]},
    ]
    if signing_time is not None:
        attributes.insert(1, {"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]})
    signed_attrs = cms.CMSAttributes(attributes)
    to_sign = signed_attrs.dump()
    chosen = {"sha256": hashes.SHA256(), "sha384": hashes.SHA384(), "sha1": hashes.SHA1()}[hash_name]
    if scheme == "pkcs1":
        assert isinstance(key, rsa.RSAPrivateKey)
        signature = key.sign(to_sign, padding.PKCS1v15(), chosen)
        algorithm: dict[str, Any] = {"algorithm": f"{hash_name}_rsa"}
    elif scheme == "pss":
        assert isinstance(key, rsa.RSAPrivateKey)
        signature = key.sign(to_sign, padding.PSS(mgf=padding.MGF1(chosen), salt_length=32), chosen)
        algorithm = {
            "algorithm": "rsassa_pss",
            "parameters": algos.RSASSAPSSParams(
                {
                    "hash_algorithm": {"algorithm": hash_name},
                    "mask_gen_algorithm": {"algorithm": "mgf1", "parameters": {"algorithm": hash_name}},
                    "salt_length": 32,
                }
            ),
        }
    elif scheme == "ecdsa":
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        signature = key.sign(to_sign, ec.ECDSA(chosen))
        algorithm = {"algorithm": f"{hash_name}_ecdsa"}
    else:  # BSI TR-03111 plain r || s
        assert isinstance(key, ec.EllipticCurvePrivateKey)
        r, s = decode_dss_signature(key.sign(to_sign, ec.ECDSA(chosen)))
        signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        algorithm = {"algorithm": "0.4.0.127.0.7.1.1.4.1.3"}
    der = certificate.public_bytes(serialization.Encoding.DER)
    asn1_certificate = asn1_x509.Certificate.load(der)
    signer = cms.SignerInfo(
        {
            "version": "v1",
            "sid": cms.SignerIdentifier(
                {
                    "issuer_and_serial_number": {
                        "issuer": asn1_certificate.issuer,
                        "serial_number": asn1_certificate.serial_number,
                    }
                }
            ),
            "digest_algorithm": {"algorithm": hash_name},
            "signed_attrs": signed_attrs,
            "signature_algorithm": algorithm,
            "signature": signature,
        }
    )
    signed = cms.SignedData(
        {
            "version": "v3",
            "digest_algorithms": [{"algorithm": hash_name}],
            "encap_content_info": {
                "content_type": "2.23.136.1.1.1",
                "content": core.ParsableOctetString(content),
            },
            "certificates": [asn1_certificate],
            "signer_infos": [signer],
        }
    )
    return ber.encode(0x77, cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump())


def store_of(*certificates: x509.Certificate) -> TrustStore:
    return TrustStore(list(certificates))


@pytest.mark.parametrize("scheme", ["pkcs1", "pss", "ecdsa", "ecdsa-plain"])
def test_genuine_document_is_ok(pki: Pki, scheme: str) -> None:
    """GIVEN an SOD signed with RSA PKCS#1 v1.5, RSA-PSS, ECDSA or plain ECDSA by a document signer
    the trusted CSCA issued WHEN passive authentication runs on the untouched groups
    THEN ok, with every group's hash verified."""
    rsa_like = scheme in ("pkcs1", "pss")
    key: PrivateKey = pki.rsa_key if rsa_like else pki.ec_key
    certificate = pki.rsa_ds if rsa_like else pki.ec_ds
    sod = build_sod(GROUPS, key, certificate, scheme=scheme)
    result = passive_authentication(sod, GROUPS, store_of(pki.csca))
    assert result.status is PassiveAuthStatus.OK, result.reason
    assert result.verified_groups == (1, 2, 13)


def test_parse_reads_hashes_and_signer(pki: Pki) -> None:
    """GIVEN an SOD WHEN parsed THEN the hash algorithm, each group's hash, the signing time
    and the embedded document signer certificate are read."""
    sod = parse_sod(build_sod(GROUPS, pki.ec_key, pki.ec_ds, scheme="ecdsa", hash_name="sha384"))
    assert sod.hash_algorithm == "sha384"
    assert sod.data_group_hashes[13] == hashlib.sha384(GROUPS[13]).digest()
    assert sod.signing_time == SIGNED_AT
    assert sod.signer_certificate == pki.ec_ds.public_bytes(serialization.Encoding.DER)


def test_tampered_data_group_fails(pki: Pki) -> None:
    """GIVEN a genuine SOD and DG13 changed after signing (the year of birth)
    WHEN passive authentication runs THEN failed, naming DG13."""
    sod = build_sod(GROUPS, pki.rsa_key, pki.rsa_ds)
    tampered = {**GROUPS, 13: GROUPS[13].replace(b"Nhung", b"Nhunh")}
    result = passive_authentication(sod, tampered, store_of(pki.csca))
    assert result.status is PassiveAuthStatus.FAILED
    assert "DG13" in result.reason


def test_tampered_group_fails_even_without_a_trust_store(pki: Pki) -> None:
    """GIVEN no trust store and a tampered DG2 WHEN checked THEN failed (a tamper is a tamper)."""
    sod = build_sod(GROUPS, pki.rsa_key, pki.rsa_ds)
    result = passive_authentication(sod, {**GROUPS, 2: b"\x75\x03fake"}, None)
    assert result.status is PassiveAuthStatus.FAILED


def test_group_missing_from_the_sod_fails(pki: Pki) -> None:
    """GIVEN an SOD listing DG1 and DG2 and a read DG13 WHEN checked THEN failed (DG13 unlisted)."""
    sod = build_sod({1: GROUPS[1], 2: GROUPS[2]}, pki.rsa_key, pki.rsa_ds)
    result = passive_authentication(sod, GROUPS, store_of(pki.csca))
    assert result.status is PassiveAuthStatus.FAILED
    assert "DG13 is not listed" in result.reason


def test_unknown_csca_fails(pki: Pki) -> None:
    """GIVEN a trust store holding another country's CSCA only WHEN checked THEN failed."""
    other_key = ec.generate_private_key(ec.SECP256R1())
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)
    other = make_certificate(
        "CSCA other", other_key, "CSCA other", other_key, ca=True, not_before=start, not_after=end
    )
    result = passive_authentication(build_sod(GROUPS, pki.rsa_key, pki.rsa_ds), GROUPS, store_of(other))
    assert result.status is PassiveAuthStatus.FAILED
    assert "trust store" in result.reason


def test_impostor_csca_with_the_same_name_fails(pki: Pki) -> None:
    """GIVEN a trust store whose certificate has the CSCA's name but another key
    WHEN checked THEN failed: the document signer's certificate signature does not verify."""
    impostor_key = ec.generate_private_key(ec.SECP384R1())
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)
    impostor = make_certificate(
        "CSCA VN test", impostor_key, "CSCA VN test", impostor_key, ca=True, not_before=start, not_after=end
    )
    result = passive_authentication(build_sod(GROUPS, pki.rsa_key, pki.rsa_ds), GROUPS, store_of(impostor))
    assert result.status is PassiveAuthStatus.FAILED


def test_no_trust_store_is_not_checked(pki: Pki, tmp_path: Path) -> None:
    """GIVEN a genuine SOD and no trust store, an empty directory or a missing directory
    WHEN checked THEN not_checked with a reason (never ok)."""
    sod = build_sod(GROUPS, pki.rsa_key, pki.rsa_ds)
    for store in (None, tmp_path, tmp_path / "missing"):
        result = passive_authentication(sod, GROUPS, store)
        assert result.status is PassiveAuthStatus.NOT_CHECKED
        assert "trust store" in result.reason


def test_trust_store_directory_with_pem_der_and_junk(pki: Pki, tmp_path: Path) -> None:
    """GIVEN a directory with the CSCA as DER, another as PEM and a junk .pem file
    WHEN loaded and used THEN both certificates load, the junk is skipped, and the result is ok."""
    (tmp_path / "vn.der").write_bytes(pki.csca.public_bytes(serialization.Encoding.DER))
    (tmp_path / "ds.pem").write_bytes(pki.ec_ds.public_bytes(serialization.Encoding.PEM))
    (tmp_path / "notes.pem").write_bytes(
        b"-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n"
    )
    (tmp_path / "readme.txt").write_text("ignored")
    assert len(TrustStore.load(tmp_path)) == 2
    result = passive_authentication(build_sod(GROUPS, pki.rsa_key, pki.rsa_ds), GROUPS, tmp_path)
    assert result.status is PassiveAuthStatus.OK


def test_signed_digest_that_does_not_match_the_content_fails(pki: Pki) -> None:
    """GIVEN an SOD whose signed message-digest attribute is not the digest of its LDS object
    (a correctly signed lie) WHEN checked THEN failed, naming the message digest."""
    sod = build_sod(GROUPS, pki.rsa_key, pki.rsa_ds, message_digest=bytes(32))
    result = passive_authentication(sod, GROUPS, store_of(pki.csca))
    assert result.status is PassiveAuthStatus.FAILED
    assert "message digest" in result.reason


def test_signature_bit_flip_fails(pki: Pki) -> None:
    """GIVEN a genuine SOD with one bit of the signature flipped WHEN checked THEN failed."""
    sod = bytearray(build_sod(GROUPS, pki.rsa_key, pki.rsa_ds))
    signature = parse_sod(bytes(sod)).signature
    where = bytes(sod).find(signature)
    sod[where + 10] ^= 0x01
    result = passive_authentication(bytes(sod), GROUPS, store_of(pki.csca))
    assert result.status is PassiveAuthStatus.FAILED
    assert "signature" in result.reason


def test_signer_not_valid_at_signing_time_fails(pki: Pki) -> None:
    """GIVEN an SOD signed in 2021, before the document signer certificate's validity (2023)
    WHEN checked THEN failed."""
    sod = build_sod(GROUPS, pki.rsa_key, pki.rsa_ds, signing_time=SIGNED_AT - timedelta(days=3 * 365))
    result = passive_authentication(sod, GROUPS, store_of(pki.csca))
    assert result.status is PassiveAuthStatus.FAILED
    assert "not valid" in result.reason


def test_missing_sod_fails() -> None:
    """GIVEN a chip without EF.SOD WHEN checked THEN failed (an eMRTD always has one)."""
    assert passive_authentication(None, GROUPS, None).status is PassiveAuthStatus.FAILED


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_arbitrary_bytes_give_only_typed_errors(data: bytes) -> None:
    """GIVEN any bytes (bare, or under tag 77) WHEN parsed as EF.SOD THEN SodError / BerError,
    and passive authentication returns failed (never raises, never ok)."""
    for candidate in (data, ber.encode(0x77, data)):
        with contextlib.suppress(SodError, BerError):
            parse_sod(candidate)
        assert passive_authentication(candidate, GROUPS, None).status is PassiveAuthStatus.FAILED


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_any_change_inside_the_signed_content_is_caught(pki: Pki, data: st.DataObject) -> None:
    """GIVEN a genuine SOD WHEN any one byte of its LDS security object is changed
    THEN passive authentication is never ok."""
    sod = build_sod(GROUPS, pki.ec_key, pki.ec_ds, scheme="ecdsa")
    content = parse_sod(sod).content
    start = sod.find(content)
    index = data.draw(st.integers(min_value=start, max_value=start + len(content) - 1))
    flip = data.draw(st.integers(min_value=1, max_value=255))
    damaged = bytearray(sod)
    damaged[index] ^= flip
    assert (
        passive_authentication(bytes(damaged), GROUPS, store_of(pki.csca)).status is not PassiveAuthStatus.OK
    )


def test_rsa_pss_certificate_chain_is_ok(pki: Pki) -> None:
    """GIVEN an RSA CSCA that signed the document signer certificate with RSA-PSS
    WHEN a document signed by that signer is checked THEN ok (PSS certificate signatures verify)."""
    start, end = datetime(2020, 1, 1, tzinfo=UTC), datetime(2035, 1, 1, tzinfo=UTC)
    csca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    csca = make_certificate(
        "CSCA PSS", csca_key, "CSCA PSS", csca_key, ca=True, not_before=start, not_after=end
    )
    ds = make_certificate(
        "DS PSS", pki.ec_key, "CSCA PSS", csca_key, ca=False, not_before=start, not_after=end, rsa_pss=True
    )
    result = passive_authentication(build_sod(GROUPS, pki.ec_key, ds, scheme="ecdsa"), GROUPS, store_of(csca))
    assert result.status is PassiveAuthStatus.OK, result.reason
