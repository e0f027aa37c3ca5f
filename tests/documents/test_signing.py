"""PAdES signing and validation (documents.signing) with the demo PKI (documents.pki).

Pure library tests: no database, no network, no LibreOffice. PDFs are built with pyHanko's
writer; a timestamp authority, when needed, is pyHanko's DummyTimeStamper behind a local
HTTP server.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from asn1crypto import tsp
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import PageObject, PdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import enumerate_sig_fields
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from documents import pki, signing
from documents.signing import (
    REASON_EXPIRED,
    REASON_MODIFIED,
    REASON_UNTRUSTED,
    InvalidPdfError,
    SigningError,
    load_signer,
    pdf_sha256,
    sign_pdf,
    validate_pdf,
)

PASSWORD = "clave-de-prueba"
BODY_TEXT = b"(Plan de Accion de Gobierno Abierto 2014) Tj"


def make_pdf(pages: int = 1) -> bytes:
    """A small PDF with an uncompressed content stream per page (so tests can tamper)."""
    writer = PdfFileWriter()
    name = generic.NameObject
    font = writer.add_object(
        generic.DictionaryObject(
            {
                name("/Type"): name("/Font"),
                name("/Subtype"): name("/Type1"),
                name("/BaseFont"): name("/Helvetica"),
            }
        )
    )
    for number in range(pages):
        content = generic.StreamObject(
            stream_data=b"BT /F1 14 Tf 72 760 Td "
            + BODY_TEXT
            + f" 0 -20 Td (p. {number + 1}) Tj ET".encode()
        )
        resources = generic.DictionaryObject(
            {name("/Font"): generic.DictionaryObject({name("/F1"): font})}
        )
        writer.insert_page(
            PageObject(
                contents=writer.add_object(content), media_box=[0, 0, 595, 842], resources=resources
            )
        )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def ca() -> pki.DemoCA:
    return pki.make_demo_ca()


@pytest.fixture(scope="module")
def ana_p12(ca: pki.DemoCA) -> bytes:
    return pki.issue_signer(
        ca,
        name="ANA PÉREZ QUISPE",
        position="Secretaria de Gestión Pública",
        email="aperez@pcm.gob.pe",
        password=PASSWORD,
    )


@pytest.fixture(scope="module")
def ana(ana_p12: bytes) -> signing.LoadedSigner:
    return load_signer(ana_p12, PASSWORD)


@pytest.fixture(scope="module")
def juan(ca: pki.DemoCA) -> signing.LoadedSigner:
    p12 = pki.issue_signer(
        ca, name="JUAN ÑAHUI ROJAS", position="Jefe de Oficina", email="j@x.pe", password="otra"
    )
    return load_signer(p12, "otra")


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return make_pdf()


def sign_as_ana(pdf: bytes, ana: signing.LoadedSigner, **kwargs: Any) -> bytes:
    return sign_pdf(pdf, ana, name="ANA PÉREZ QUISPE", position="Secretaria", **kwargs)


def appearance_text(signed: bytes) -> dict[str, bytes]:
    """Decoded appearance streams (and nested form XObjects) of every signature widget."""
    reader = PdfFileReader(io.BytesIO(signed))

    def collect(stream: Any, seen: set[int]) -> bytes:
        if id(stream) in seen:
            return b""
        seen.add(id(stream))
        data = stream.data
        xobjects = stream.get("/Resources", generic.DictionaryObject()).get("/XObject", {})
        for value in xobjects.values():
            data += b"\n" + collect(value.get_object(), seen)
        return data

    result = {}
    for fq_name, _value, ref in enumerate_sig_fields(reader):
        widget = ref.get_object()
        result[fq_name] = collect(widget["/AP"]["/N"], set())
    return result


# --------------------------------------------------------------------------------------
# load_signer
# --------------------------------------------------------------------------------------


def test_load_signer_exposes_certificate_facts(ana_p12: bytes, ana: signing.LoadedSigner) -> None:
    from cryptography.hazmat.primitives.serialization import pkcs12

    cert = pkcs12.load_key_and_certificates(ana_p12, PASSWORD.encode())[1]
    assert cert is not None
    assert ana.common_name == "ANA PÉREZ QUISPE"
    assert ana.serial == cert.serial_number
    assert ana.not_after == cert.not_valid_after_utc
    assert ana.issuer_common_name == pki.DEMO_CA_NAME
    assert (
        dt.timedelta(days=729) < ana.not_after - dt.datetime.now(dt.UTC) <= dt.timedelta(days=730)
    )
    assert not ana.is_expired()


def test_wrong_password_is_reported_in_spanish(ana_p12: bytes) -> None:
    with pytest.raises(SigningError) as excinfo:
        load_signer(ana_p12, "no-es-la-clave")
    assert str(excinfo.value) == "La contraseña del certificado no es correcta."


@pytest.mark.parametrize(
    "data",
    [b"", b"esto no es un certificado", b"%PDF-1.7\n...", "truncated"],
    ids=["empty", "text", "pdf", "truncated"],
)
def test_corrupt_p12_is_a_clear_error(data: bytes | str, ana_p12: bytes) -> None:
    blob = ana_p12[: len(ana_p12) // 2] if data == "truncated" else data
    assert isinstance(blob, bytes)
    with pytest.raises(SigningError) as excinfo:
        load_signer(blob, PASSWORD)
    assert "no es un certificado digital válido" in str(excinfo.value)


def test_expired_certificate_cannot_be_loaded(ca: pki.DemoCA) -> None:
    p12 = pki.issue_signer(
        ca,
        name="CARLOS VENCIDO",
        position="Ex funcionario",
        email="c@x.pe",
        password=PASSWORD,
        days=365,
        valid_from=dt.datetime.now(dt.UTC) - dt.timedelta(days=800),
    )
    with pytest.raises(SigningError) as excinfo:
        load_signer(p12, PASSWORD)
    assert "El certificado venció el" in str(excinfo.value)


def test_key_is_not_parsed_again_for_each_signature(
    pdf: bytes, ana: signing.LoadedSigner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """pyHanko's stock SimpleSigner re-imports the DER key on every sign_raw call."""
    from pyhanko.sign.signers import pdf_cms

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("private key parsed again while signing")

    monkeypatch.setattr(pdf_cms.serialization, "load_der_private_key", forbidden)
    signed = sign_as_ana(pdf, ana)
    assert [r.status for r in validate_pdf(signed, [])] == ["indeterminate"]


# --------------------------------------------------------------------------------------
# sign_pdf / validate_pdf
# --------------------------------------------------------------------------------------


def test_sign_then_validate_is_valid(pdf: bytes, ana: signing.LoadedSigner, ca: pki.DemoCA) -> None:
    signed = sign_as_ana(pdf, ana)

    assert signed.startswith(pdf), "signing must be an incremental update"
    [report] = validate_pdf(signed, [ca.cert_pem])
    assert report.status == "valid"
    assert report.status_label == "VÁLIDO"
    assert report.reasons == []
    assert report.signer_common_name == "ANA PÉREZ QUISPE"
    assert report.issuer_common_name == pki.DEMO_CA_NAME
    assert report.signer_serial == ana.serial
    assert report.covers_whole_document is True
    assert report.level == "B-B"
    assert report.field_name == "Firma1"
    assert report.reason == "Soy el autor del documento"
    assert report.location == "Lima, Perú"
    assert report.revision_sha256 == pdf_sha256(signed)
    assert report.signing_time is not None
    assert report.signing_time.utcoffset() == dt.timedelta(hours=-5)
    assert abs(report.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=1)


def test_trust_roots_may_be_der_or_pem(
    pdf: bytes, ana: signing.LoadedSigner, ca: pki.DemoCA
) -> None:
    signed = sign_as_ana(pdf, ana)
    assert [r.status for r in validate_pdf(signed, [ca.cert_der])] == ["valid"]
    assert [r.status for r in validate_pdf(signed, [ca.cert_pem])] == ["valid"]


def test_two_signers_in_order(
    pdf: bytes, ana: signing.LoadedSigner, juan: signing.LoadedSigner, ca: pki.DemoCA
) -> None:
    first = sign_as_ana(pdf, ana)
    second = sign_pdf(first, juan, name="JUAN ÑAHUI ROJAS", position="Jefe de Oficina")

    assert second.startswith(first)
    reports = validate_pdf(second, [ca.cert_pem])
    assert [(r.field_name, r.signer_common_name, r.status) for r in reports] == [
        ("Firma1", "ANA PÉREZ QUISPE", "valid"),
        ("Firma2", "JUAN ÑAHUI ROJAS", "valid"),
    ]
    assert [r.covers_whole_document for r in reports] == [False, True]
    assert reports[0].revision_sha256 == pdf_sha256(first)
    assert reports[1].revision_sha256 == pdf_sha256(second)

    # Two widgets on the (last) page, each with an appearance, not overlapping.
    reader = PdfFileReader(io.BytesIO(second))
    page = reader.root["/Pages"]["/Kids"][-1].get_object()
    widgets = [a.get_object() for a in page["/Annots"]]
    sig_widgets = [w for w in widgets if w.get("/FT") == "/Sig"]
    assert len(sig_widgets) == 2
    assert all("/AP" in w for w in sig_widgets)
    (ax1, ay1, ax2, ay2), (bx1, by1, bx2, by2) = (
        [float(v) for v in w["/Rect"]] for w in sig_widgets
    )
    assert ax2 <= bx1 or bx2 <= ax1 or ay2 <= by1 or by2 <= ay1, "stamps overlap"


def test_visible_stamp_reads_like_the_peruvian_form(pdf: bytes, ana: signing.LoadedSigner) -> None:
    moment = dt.datetime(2014, 1, 20, 15, 15, 3, tzinfo=dt.UTC)
    signed = sign_pdf(pdf, ana, name="ANA PÉREZ QUISPE", position="Secretaria", signing_time=moment)
    text = appearance_text(signed)["Firma1"]
    expected = "Firmado digitalmente por: ANA PÉREZ QUISPE – Secretaria".encode("cp1252")
    assert expected in text
    assert b"Motivo: Soy el autor del documento" in text
    assert b"Fecha: 2014-01-20 10:15:03 -05:00" in text


def test_long_names_go_to_their_own_line(pdf: bytes, ana: signing.LoadedSigner) -> None:
    signed = sign_pdf(
        pdf,
        ana,
        name="MARÍA DE LOS ÁNGELES FERNÁNDEZ-CASTILLO",
        position="Directora General de Gobierno Abierto",
    )
    text = appearance_text(signed)["Firma1"]
    assert b"(Firmado digitalmente por:) Tj" in text
    assert "(MARÍA DE LOS ÁNGELES".encode("cp1252") in text


def test_modified_content_is_invalid(pdf: bytes, ana: signing.LoadedSigner, ca: pki.DemoCA) -> None:
    signed = sign_as_ana(pdf, ana)
    offset = signed.index(BODY_TEXT)
    [report] = validate_pdf(signed, [ca.cert_pem])
    assert report.status == "valid"

    tampered = bytearray(signed)
    tampered[offset + 1] ^= 0x01  # "Plan" -> "Qlan": same length, offsets unchanged
    reader = PdfFileReader(io.BytesIO(bytes(tampered)))
    byte_range = [int(v) for v in reader.embedded_signatures[0].byte_range]
    assert offset < byte_range[1], "the flipped byte must be inside the signed range"

    [report] = validate_pdf(bytes(tampered), [ca.cert_pem])
    assert report.status == "invalid"
    assert report.status_label == "NO VÁLIDO"
    assert REASON_MODIFIED in report.reasons


def test_content_appended_after_signing_is_not_covered(
    pdf: bytes, ana: signing.LoadedSigner, ca: pki.DemoCA
) -> None:
    """An incremental update that changes the page after signing must not pass as valid."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    signed = sign_as_ana(pdf, ana)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref = writer.find_page_for_modification(0)[0]
    writer.add_stream_to_page(
        0,
        writer.add_object(generic.StreamObject(stream_data=b"BT /F1 30 Tf 72 500 Td (X) Tj ET")),
    )
    assert page_ref is not None
    out = io.BytesIO()
    writer.write(out)

    [report] = validate_pdf(out.getvalue(), [ca.cert_pem])
    assert report.status == "invalid"
    assert REASON_MODIFIED in report.reasons
    assert report.covers_whole_document is False


def test_certificate_from_another_ca_is_indeterminate(pdf: bytes, ca: pki.DemoCA) -> None:
    other_ca = pki.make_demo_ca(name="Otra CA cualquiera")
    p12 = pki.issue_signer(
        other_ca, name="PEDRO EXTRAÑO", position="Nadie", email="p@x.pe", password=PASSWORD
    )
    signed = sign_pdf(pdf, load_signer(p12, PASSWORD), name="PEDRO EXTRAÑO", position="Nadie")

    [report] = validate_pdf(signed, [ca.cert_pem])
    assert report.status == "indeterminate"
    assert report.status_label == "INDETERMINADO"
    assert report.reasons == [REASON_UNTRUSTED]
    # ... and valid for someone who trusts that CA.
    assert validate_pdf(signed, [ca.cert_pem, other_ca.cert_pem])[0].status == "valid"


def test_expired_certificate_without_timestamp_is_indeterminate(
    pdf: bytes, ana: signing.LoadedSigner, ca: pki.DemoCA
) -> None:
    signed = sign_as_ana(pdf, ana)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=1000)
    [report] = validate_pdf(signed, [ca.cert_pem], at=later)
    assert report.status == "indeterminate"
    assert REASON_EXPIRED in report.reasons


def test_pdf_without_signatures_gives_no_reports(pdf: bytes, ca: pki.DemoCA) -> None:
    assert validate_pdf(pdf, [ca.cert_pem]) == []


def test_not_a_pdf(ana: signing.LoadedSigner, ca: pki.DemoCA) -> None:
    with pytest.raises(InvalidPdfError):
        validate_pdf(b"hola", [ca.cert_pem])
    with pytest.raises(InvalidPdfError):
        sign_as_ana(b"hola", ana)


def test_signature_goes_on_the_last_page_by_default(
    ana: signing.LoadedSigner, ca: pki.DemoCA
) -> None:
    signed = sign_as_ana(make_pdf(pages=3), ana)
    reader = PdfFileReader(io.BytesIO(signed))
    kids = [k.get_object() for k in reader.root["/Pages"]["/Kids"]]
    assert ["/Annots" in k for k in kids] == [False, False, True]
    assert validate_pdf(signed, [ca.cert_pem])[0].status == "valid"


def test_explicit_field_name_and_box(pdf: bytes, ana: signing.LoadedSigner) -> None:
    signed = sign_as_ana(pdf, ana, field_name="FirmaAutor", page=0, box=(300, 700, 560, 760))
    reader = PdfFileReader(io.BytesIO(signed))
    [(fq_name, _value, ref)] = list(enumerate_sig_fields(reader))
    assert fq_name == "FirmaAutor"
    assert [float(v) for v in ref.get_object()["/Rect"]] == [300, 700, 560, 760]
    with pytest.raises(SigningError, match="ya tiene un campo de firma"):
        sign_as_ana(signed, ana, field_name="FirmaAutor")


def test_stamp_slots_do_not_overlap() -> None:
    a4 = (0.0, 0.0, 595.0, 842.0)
    boxes = [signing.stamp_box(i, a4) for i in range(20)]
    for i, (ax1, ay1, ax2, ay2) in enumerate(boxes):
        assert 0 <= ax1 < ax2 <= 595 and 0 <= ay1 < ay2 <= 842
        for bx1, by1, bx2, by2 in boxes[i + 1 :]:
            assert ax2 <= bx1 or bx2 <= ax1 or ay2 <= by1 or by2 <= ay1


# --------------------------------------------------------------------------------------
# PAdES B-T against a local (dummy) timestamp authority
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tsa_url(ca: pki.DemoCA) -> Iterator[str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "TSA Demo")]))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(ca.key, hashes.SHA256())
    )
    stamper = DummyTimeStamper(
        tsa_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        tsa_key=translate_pyca_cryptography_key_to_asn1(key),
    )

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(response)))
            self.end_headers()
            self.wfile.write(response)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    saved = {k: os.environ.pop(k) for k in ("HTTP_PROXY", "http_proxy") if k in os.environ}
    os.environ["NO_PROXY"] = "127.0.0.1"
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        os.environ.update(saved)


def test_b_t_signature_with_timestamp(
    pdf: bytes, ana: signing.LoadedSigner, ca: pki.DemoCA, tsa_url: str
) -> None:
    signed = sign_as_ana(pdf, ana, timestamp_url=tsa_url)
    [report] = validate_pdf(signed, [ca.cert_pem])
    assert report.status == "valid", report.reasons
    assert report.level == "B-T"
    assert report.timestamp_time is not None


def test_unreachable_timestamp_authority_is_a_clear_error(
    pdf: bytes, ana: signing.LoadedSigner
) -> None:
    with pytest.raises(SigningError, match="sello de tiempo"):
        sign_as_ana(pdf, ana, timestamp_url="http://127.0.0.1:9/")


# --------------------------------------------------------------------------------------
# Demo PKI persistence
# --------------------------------------------------------------------------------------


def test_demo_ca_round_trip(tmp_path: Path, ca: pki.DemoCA) -> None:
    assert pki.load_ca(tmp_path) is None
    pki.save_ca(ca, tmp_path / "pki")
    key_file = tmp_path / "pki" / pki.CA_KEY_FILENAME
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    loaded = pki.load_ca(tmp_path / "pki")
    assert loaded is not None
    assert loaded.cert == ca.cert
    assert loaded.cert.subject.rfc4514_string().startswith(f"CN={pki.DEMO_CA_NAME}")
    # A certificate issued by the reloaded CA validates against the original root.
    p12 = pki.issue_signer(loaded, name="X", position="Y", email="x@y.pe", password="z")
    signed = sign_pdf(make_pdf(), load_signer(p12, "z"), name="X", position="Y")
    assert validate_pdf(signed, [ca.cert_pem])[0].status == "valid"


def test_demo_ca_key_can_be_encrypted(tmp_path: Path, ca: pki.DemoCA) -> None:
    pki.save_ca(ca, tmp_path, key_password="secreto")
    assert b"ENCRYPTED" in (tmp_path / pki.CA_KEY_FILENAME).read_bytes()
    loaded = pki.load_ca(tmp_path, key_password="secreto")
    assert loaded is not None
    assert loaded.key.private_numbers() == ca.key.private_numbers()


def test_demo_ca_is_a_ten_year_root(ca: pki.DemoCA) -> None:
    validity = ca.cert.not_valid_after_utc - ca.cert.not_valid_before_utc
    assert dt.timedelta(days=3649) < validity < dt.timedelta(days=3652)
    assert ca.cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert ca.cert.subject == ca.cert.issuer
    assert ca.cert_pem == ca.cert.public_bytes(serialization.Encoding.PEM)


# --------------------------------------------------------------------------------------
# Timing (printed, not asserted)
# --------------------------------------------------------------------------------------


def test_timing(
    pdf: bytes,
    ana_p12: bytes,
    ana: signing.LoadedSigner,
    ca: pki.DemoCA,
    capsys: pytest.CaptureFixture[str],
) -> None:
    rounds = 50
    start = time.perf_counter()
    for _ in range(rounds):
        signed = sign_as_ana(pdf, ana)
    sign_ms = (time.perf_counter() - start) * 1000 / rounds

    start = time.perf_counter()
    for _ in range(rounds):
        validate_pdf(signed, [ca.cert_pem])
    validate_ms = (time.perf_counter() - start) * 1000 / rounds

    # Stock pyHanko SimpleSigner (re-imports the key on each signature), same PDF.
    stock = signers.SimpleSigner.load_pkcs12_data(ana_p12, [], passphrase=PASSWORD.encode())
    meta = signers.PdfSignatureMetadata(field_name="Firma1")
    start = time.perf_counter()
    for _ in range(10):
        from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

        signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=stock)
    stock_ms = (time.perf_counter() - start) * 1000 / 10

    with capsys.disabled():
        print(
            f"\n[signing] sign {sign_ms:.1f} ms/doc (key loaded once, {rounds} docs); "
            f"stock SimpleSigner {stock_ms:.1f} ms/doc; validate {validate_ms:.1f} ms/doc"
        )


@pytest.mark.parametrize(
    ("crl_url", "mode", "expected"),
    [
        (None, "soft-fail", "valid"),
        (None, "hard-fail", "valid"),  # nothing advertised, nothing to check
        ("http://crl.invalid/demo.crl", "soft-fail", "valid"),
        ("http://crl.invalid/demo.crl", "hard-fail", "indeterminate"),
        (None, "require", "indeterminate"),
    ],
)
def test_revocation_modes(
    pdf: bytes, ca: pki.DemoCA, crl_url: str | None, mode: signing.RevocationMode, expected: str
) -> None:
    p12 = pki.issue_signer(
        ca, name="ROSA", position="Jefa", email="r@x.pe", password=PASSWORD, crl_url=crl_url
    )
    signed = sign_pdf(pdf, load_signer(p12, PASSWORD), name="ROSA", position="Jefa")
    [report] = validate_pdf(signed, [ca.cert_pem], revocation_mode=mode)
    assert report.status == expected
    if expected == "indeterminate":
        assert report.reasons == [signing.REASON_CHAIN_PROBLEM]
