"""PAdES signing and validation of PDF documents (Ley 27269), on top of pyHanko.

Pure library: no Django imports. Three entry points:

* :func:`load_signer` parses a PKCS#12 file once and returns a :class:`LoadedSigner` that can
  sign any number of documents without touching the key file again.
* :func:`sign_pdf` adds one PAdES signature (B-B, or B-T with a timestamp authority) as an
  incremental update, with a visible stamp in the form used by the Peruvian state
  ("Firmado digitalmente por: … / Motivo: … / Fecha: …"). Several people sign a document
  in order by calling it repeatedly; every call adds a new signature field and stacks its
  stamp above the previous ones.
* :func:`validate_pdf` reports every embedded signature as valid / invalid / indeterminate
  (VÁLIDO / NO VÁLIDO / INDETERMINADO, the vocabulary of the state's validator), never
  touching the network.

Error messages meant for end users are in Spanish (:class:`SigningError`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from asn1crypto import pem as asn1_pem
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.keys.internal import (
    translate_pyca_cryptography_cert_to_asn1,
    translate_pyca_cryptography_key_to_asn1,
)
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.font.api import FontEngine, ShapeResult
from pyhanko.pdf_utils.font.basic import COURIER_META, SimpleFontEngine, SimpleFontEngineFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.sign.ades.report import AdESFailure, AdESIndeterminate, AdESSubIndic
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import PdfSignatureStatus, SignatureCoverageLevel
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

__all__ = [
    "DEFAULT_LOCATION",
    "DEFAULT_REASON",
    "InvalidPdfError",
    "LoadedSigner",
    "RevocationMode",
    "SignatureReport",
    "SigningError",
    "load_signer",
    "pdf_sha256",
    "sign_pdf",
    "validate_pdf",
]

DEFAULT_REASON = "Soy el autor del documento"
DEFAULT_LOCATION = "Lima, Perú"

try:
    LIMA_TZ: dt.tzinfo = ZoneInfo("America/Lima")
except ZoneInfoNotFoundError:  # no tz database on the host: Peru has had no DST since 1994
    LIMA_TZ = dt.timezone(dt.timedelta(hours=-5), "-05")

# Stamp geometry, in PDF points (1/72 in). Stamps are stacked bottom-up from the lower-left
# corner of the page, and wrap into a new column when the page is full.
STAMP_WIDTH = 250.0
STAMP_HEIGHT = 48.0
STAMP_MARGIN = 36.0
STAMP_GAP = 6.0

Box = tuple[float, float, float, float]
Status = Literal["valid", "invalid", "indeterminate"]
RevocationMode = Literal["soft-fail", "hard-fail", "require"]

STATUS_LABELS: dict[str, str] = {
    "valid": "VÁLIDO",
    "invalid": "NO VÁLIDO",
    "indeterminate": "INDETERMINADO",
}

# Spanish reasons (also used by tests and callers that want to match on them).
REASON_MODIFIED = "El documento fue modificado después de la firma"
REASON_BAD_SIGNATURE = "La firma digital no es criptográficamente válida"
REASON_PARTIAL_COVERAGE = "La firma no cubre el documento completo de su revisión"
REASON_UNTRUSTED = "El certificado no pertenece a una autoridad de confianza"
REASON_EXPIRED = "El certificado ha vencido"
REASON_NOT_YET_VALID = "El certificado aún no era válido en la fecha de la firma"
REASON_REVOKED = "El certificado ha sido revocado"
REASON_REVOCATION_UNKNOWN = "No se pudo verificar el estado de revocación del certificado"
REASON_CHAIN_PROBLEM = (
    "No se pudo verificar la cadena del certificado (por ejemplo, su estado de revocación)"
)
REASON_KEY_USAGE = "El certificado no está autorizado para firmar documentos"
REASON_WEAK_ALGORITHM = "La firma usa un algoritmo criptográfico no admitido"
REASON_TIMESTAMP_INVALID = "El sello de tiempo no es válido"
REASON_TIMESTAMP_UNTRUSTED = "El sello de tiempo no proviene de una autoridad de confianza"
REASON_UNREADABLE = "La firma está dañada o no se pudo leer"


class SigningError(Exception):
    """Any failure of this module; ``str(exc)`` is a Spanish message fit for end users."""


class InvalidPdfError(SigningError):
    """The bytes given are not a readable (or signable) PDF."""


# --------------------------------------------------------------------------------------
# Signer loading
# --------------------------------------------------------------------------------------


class _CachedKeySigner(signers.SimpleSigner):
    """SimpleSigner that keeps the parsed private key.

    pyHanko 0.38's ``SimpleSigner.sign_raw`` re-imports the key from DER on every call
    (``serialization.load_der_private_key(self.signing_key.dump())``), which costs ~80 ms
    for RSA because OpenSSL re-validates the key. We hold the ``cryptography`` key object
    instead and fall back to the parent implementation for exotic mechanisms.
    """

    def __init__(self, *, pyca_key: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._pyca_key = pyca_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm)
        try:
            algo = mechanism.signature_algo
        except ValueError:
            algo = mechanism["algorithm"].native
        key = self._pyca_key
        if algo == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), get_pyca_cryptography_hash(digest_algorithm))
        if algo == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(get_pyca_cryptography_hash(digest_algorithm)))
        return super().sign_raw(data, digest_algorithm)


def _common_name(name: pyca_x509.Name) -> str:
    attrs = name.get_attributes_for_oid(pyca_x509.NameOID.COMMON_NAME)
    if attrs:
        value = attrs[0].value
        return value if isinstance(value, str) else value.decode("utf-8", "replace")
    return name.rfc4514_string()


@dataclass(frozen=True)
class LoadedSigner:
    """Key and certificate chain loaded once from a PKCS#12 file; reusable for many PDFs."""

    signer: signers.Signer = field(repr=False)
    common_name: str
    serial: int
    not_before: dt.datetime
    not_after: dt.datetime
    issuer_common_name: str
    certificate_der: bytes = field(repr=False)

    @property
    def serial_hex(self) -> str:
        return format(self.serial, "X")

    def is_expired(self, at: dt.datetime | None = None) -> bool:
        return (at or dt.datetime.now(dt.UTC)) > self.not_after


def _format_date(value: dt.datetime) -> str:
    return value.astimezone(LIMA_TZ).strftime("%d/%m/%Y")


def load_signer(p12: bytes, password: str) -> LoadedSigner:
    """Load key and certificates from PKCS#12 bytes.

    Raises :class:`SigningError` (Spanish message) when the file is not PKCS#12, when the
    password is wrong, when it holds no key/certificate, or when the certificate is expired
    or not yet valid.
    """
    try:
        asn1_pkcs12.Pfx.load(p12).native  # noqa: B018 - structural check only
    except Exception as exc:  # asn1crypto raises ValueError/TypeError on garbage
        raise SigningError(
            "El archivo no es un certificado digital válido (se esperaba un archivo PKCS#12 "
            ".p12 o .pfx)."
        ) from exc
    passwords: list[bytes | None] = [password.encode("utf-8")] if password else [None, b""]
    loaded = None
    for candidate in passwords:
        try:
            loaded = pkcs12.load_key_and_certificates(p12, candidate)
            break
        except ValueError:
            continue
    if loaded is None:
        raise SigningError("La contraseña del certificado no es correcta.")
    key, cert, extra_certs = loaded
    if key is None or cert is None:
        raise SigningError(
            "El archivo del certificado no contiene una clave privada y su certificado."
        )
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise SigningError("El tipo de clave del certificado no está soportado (use RSA o EC).")
    now = dt.datetime.now(dt.UTC)
    if cert.not_valid_after_utc < now:
        raise SigningError(
            f"El certificado venció el {_format_date(cert.not_valid_after_utc)}; "
            "no se puede firmar con él."
        )
    if cert.not_valid_before_utc > now:
        raise SigningError(
            f"El certificado recién será válido desde el {_format_date(cert.not_valid_before_utc)}."
        )
    registry = SimpleCertificateStore()
    registry.register_multiple(translate_pyca_cryptography_cert_to_asn1(c) for c in extra_certs)
    signer = _CachedKeySigner(
        pyca_key=key,
        signing_key=translate_pyca_cryptography_key_to_asn1(key),
        signing_cert=translate_pyca_cryptography_cert_to_asn1(cert),
        cert_registry=registry,
    )
    return LoadedSigner(
        signer=signer,
        common_name=_common_name(cert.subject),
        serial=cert.serial_number,
        not_before=cert.not_valid_before_utc,
        not_after=cert.not_valid_after_utc,
        issuer_common_name=_common_name(cert.issuer),
        certificate_der=cert.public_bytes(serialization.Encoding.DER),
    )


# --------------------------------------------------------------------------------------
# Signing
# --------------------------------------------------------------------------------------


class _WinAnsiFontEngine(SimpleFontEngine):
    """Courier with strings encoded as WinAnsi (cp1252), matching the font's /Encoding.

    pyHanko's SimpleFontEngine writes strings as PDFDocEncoding while declaring
    /WinAnsiEncoding; both agree on Latin-1 letters (á, ñ…) but not on punctuation such
    as the en dash "–" used in the stamp, which would render as "…".
    """

    def shape(self, txt: str) -> ShapeResult:
        encoded = txt.encode("cp1252", errors="replace")
        escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        return ShapeResult(
            graphics_ops=b"(" + escaped + b") Tj",
            x_advance=len(txt) * self.avg_width,
            y_advance=0,
        )


class _WinAnsiCourierFactory(SimpleFontEngineFactory):
    def __init__(self) -> None:
        super().__init__("Courier", 0.6, COURIER_META)

    def create_font_engine(self, writer: BasePdfFileWriter, obj_stream: Any = None) -> FontEngine:
        return _WinAnsiFontEngine(writer, self.name, self.avg_width, self.meta)


# "%(sep)s" is a space, or a line break when the name and position are long.
STAMP_TEXT = "Firmado digitalmente por:%(sep)s%(firmante)s\nMotivo: %(motivo)s\nFecha: %(fecha)s"
STAMP_ONE_LINE_MAX = 60
STAMP_STYLE = TextStampStyle(
    stamp_text=STAMP_TEXT,
    text_box_style=TextBoxStyle(font=_WinAnsiCourierFactory(), font_size=9, leading=11),
    border_width=1,
)


def format_stamp_time(moment: dt.datetime) -> str:
    """``2014-01-20 10:15:03 -05:00`` in America/Lima."""
    local = moment.astimezone(LIMA_TZ)
    offset = local.strftime("%z")  # "-0500"
    return f"{local:%Y-%m-%d %H:%M:%S} {offset[:3]}:{offset[3:]}"


class _PdfSigner(signers.PdfSigner):
    """PdfSigner whose signing time is fixed by the caller.

    pyHanko takes the signing time from ``datetime.now(tzlocal)`` inside the signing
    session, with no public setting; we pin it so the stamp, the /M entry and the CMS
    signing-time attribute all carry the same instant.
    """

    def __init__(self, *args: Any, system_time: dt.datetime, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._system_time = system_time

    def init_signing_session(
        self, pdf_out: BasePdfFileWriter, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)
        session.system_time = self._system_time
        return session


def _open_for_update(pdf: bytes) -> IncrementalPdfFileWriter:
    if b"%PDF-" not in pdf[:1024]:
        raise InvalidPdfError("El archivo no es un PDF válido.")
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise InvalidPdfError("El archivo no es un PDF válido o está dañado.") from exc
    if writer.prev.encrypted:
        raise InvalidPdfError("El PDF está protegido con contraseña; no se puede firmar.")
    return writer


def _page_size(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float, float, float]:
    page_ref = writer.find_page_for_modification(page)[0]
    page_obj = page_ref.get_object()
    box = page_obj.get("/CropBox") or _inherited(page_obj, "/MediaBox")
    llx, lly, urx, ury = (float(v) for v in box)
    return llx, lly, urx, ury


def _inherited(page_obj: generic.DictionaryObject, key: str) -> Any:
    node: Any = page_obj
    while node is not None:
        if key in node:
            return node[key]
        node = node.get("/Parent")
        node = node.get_object() if node is not None else None
    return [0, 0, 595, 842]  # A4 as a last resort


def stamp_box(index: int, page_box: tuple[float, float, float, float]) -> Box:
    """Rectangle for the ``index``-th stamp (0-based) on a page: bottom-up, then columns."""
    llx, lly, urx, ury = page_box
    usable_height = (ury - lly) - 2 * STAMP_MARGIN
    per_column = max(1, int((usable_height + STAMP_GAP) // (STAMP_HEIGHT + STAMP_GAP)))
    columns = max(1, int(((urx - llx) - 2 * STAMP_MARGIN + STAMP_GAP) // (STAMP_WIDTH + STAMP_GAP)))
    column = (index // per_column) % columns
    row = index % per_column
    x1 = llx + STAMP_MARGIN + column * (STAMP_WIDTH + STAMP_GAP)
    y1 = lly + STAMP_MARGIN + row * (STAMP_HEIGHT + STAMP_GAP)
    return (x1, y1, x1 + STAMP_WIDTH, y1 + STAMP_HEIGHT)


def _reserved_bytes(signer: LoadedSigner) -> int:
    """Room for the CMS object: the certificates it embeds plus a generous margin for the
    signature value and signed attributes (an RSA-4096 value is 512 bytes)."""
    chain = len(signer.certificate_der) + sum(
        len(cert.dump()) for cert in getattr(signer.signer, "cert_registry", [])
    )
    return 8192 + 2 * chain


def sign_pdf(
    pdf: bytes,
    signer: LoadedSigner,
    *,
    name: str,
    position: str,
    reason: str = DEFAULT_REASON,
    location: str = DEFAULT_LOCATION,
    field_name: str | None = None,
    timestamp_url: str | None = None,
    page: int = -1,
    box: Box | None = None,
    signing_time: dt.datetime | None = None,
) -> bytes:
    """Add one PAdES signature with a visible stamp, as an incremental update.

    * Level B-B; B-T when ``timestamp_url`` (an RFC 3161 TSA) is given.
    * A new signature field is created each call (``field_name`` or ``Firma<n>``); previous
      signatures stay valid, so several people sign in order by chaining calls.
    * ``page`` is a 0-based page index, negative counts from the end (-1: last page).
    * ``box`` is ``(x1, y1, x2, y2)`` in PDF points; by default stamps are stacked from the
      bottom-left corner of the page, one slot per existing signature field.
    * ``signing_time`` defaults to now; it is shown in America/Lima time.
    """
    if signer.is_expired():
        raise SigningError(
            f"El certificado venció el {_format_date(signer.not_after)}; no se puede firmar."
        )
    writer = _open_for_update(pdf)
    existing = [fq_name for fq_name, _, _ in fields.enumerate_sig_fields(writer.prev)]
    index = len(existing)
    if field_name is None:
        n = index + 1
        while f"Firma{n}" in existing:
            n += 1
        field_name = f"Firma{n}"
    elif field_name in existing:
        raise SigningError(f"El documento ya tiene un campo de firma llamado «{field_name}».")
    try:
        page_box = _page_size(writer, page)
    except (IndexError, PdfError) as exc:
        raise SigningError(f"El documento no tiene la página {page}.") from exc
    rect = box if box is not None else stamp_box(index, page_box)

    moment = (signing_time or dt.datetime.now(dt.UTC)).astimezone(LIMA_TZ).replace(microsecond=0)
    signer_label = f"{name} – {position}" if position else name
    meta = signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=name,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
    )
    timestamper = HTTPTimeStamper(timestamp_url, timeout=10) if timestamp_url else None
    pdf_signer = _PdfSigner(
        meta,
        signer.signer,
        timestamper=timestamper,
        stamp_style=STAMP_STYLE,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=page,
            box=(round(rect[0]), round(rect[1]), round(rect[2]), round(rect[3])),
        ),
        system_time=moment,
    )
    out = io.BytesIO()
    try:
        pdf_signer.sign_pdf(
            writer,
            # Without a timestamp the CMS size is known (key, chain, attributes): reserving
            # it skips pyHanko's dry-run signature, which doubled the cost of each signature.
            # A timestamp's token size depends on the TSA, so then pyHanko estimates it.
            bytes_reserved=None if timestamper else _reserved_bytes(signer),
            output=out,
            appearance_text_params={
                "sep": " " if len(signer_label) <= STAMP_ONE_LINE_MAX - 26 else "\n",
                "firmante": signer_label,
                "motivo": reason,
                "fecha": format_stamp_time(moment),
            },
        )
    except SigningError:
        raise
    except Exception as exc:
        if timestamp_url and _looks_like_network_error(exc):
            raise SigningError(
                "No se pudo obtener el sello de tiempo de la autoridad de sellado "
                f"({timestamp_url})."
            ) from exc
        raise SigningError("No se pudo firmar el documento.") from exc
    return out.getvalue()


def _looks_like_network_error(exc: BaseException) -> bool:
    name = type(exc).__name__
    return (
        "Timestamp" in name
        or "Connection" in name
        or "Timeout" in name
        or (exc.__cause__ is not None and _looks_like_network_error(exc.__cause__))
    )


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignatureReport:
    """Outcome of validating one embedded signature."""

    field_name: str
    status: Status
    reasons: list[str]
    signer_common_name: str | None
    signer_serial: int | None
    issuer_common_name: str | None
    signing_time: dt.datetime | None
    """Signer-reported time (CMS signing-time), or the timestamp token's time if any."""
    timestamp_time: dt.datetime | None
    """Time asserted by a trusted timestamp authority (PAdES B-T), if present."""
    covers_whole_document: bool
    """True only for the last revision: later signatures make earlier ones False."""
    coverage: str
    modification_level: str | None
    level: str
    """"B-B" or "B-T" (signature timestamp present)."""
    revision_sha256: str | None
    """SHA-256 of the file exactly as it was right after this signature (its revision)."""
    reason: str | None = None
    location: str | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_valid(self) -> bool:
        return self.status == "valid"


def _load_trust_root(data: bytes) -> asn1_x509.Certificate:
    if asn1_pem.detect(data):
        _, _, data = asn1_pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


def _asn1_cn(cert: asn1_x509.Certificate, which: str = "subject") -> str | None:
    name = (cert.issuer if which == "issuer" else cert.subject).native
    value = name.get("common_name")
    return str(value) if value is not None else None


_INDIC_REASONS: dict[AdESSubIndic, str] = {
    AdESIndeterminate.NO_CERTIFICATE_CHAIN_FOUND: REASON_UNTRUSTED,
    AdESIndeterminate.NO_SIGNING_CERTIFICATE_FOUND: REASON_UNTRUSTED,
    AdESIndeterminate.OUT_OF_BOUNDS_NO_POE: REASON_EXPIRED,
    AdESIndeterminate.OUT_OF_BOUNDS_NOT_REVOKED: REASON_EXPIRED,
    AdESIndeterminate.EXPIRED: REASON_EXPIRED,
    AdESIndeterminate.NOT_YET_VALID: REASON_NOT_YET_VALID,
    AdESFailure.NOT_YET_VALID: REASON_NOT_YET_VALID,
    AdESIndeterminate.REVOKED_NO_POE: REASON_REVOKED,
    AdESIndeterminate.REVOKED_CA_NO_POE: REASON_REVOKED,
    AdESFailure.REVOKED: REASON_REVOKED,
    AdESIndeterminate.TRY_LATER: REASON_REVOCATION_UNKNOWN,
    AdESIndeterminate.REVOCATION_OUT_OF_BOUNDS_NO_POE: REASON_REVOCATION_UNKNOWN,
    AdESIndeterminate.CHAIN_CONSTRAINTS_FAILURE: REASON_KEY_USAGE,
    AdESIndeterminate.SIG_CONSTRAINTS_FAILURE: REASON_KEY_USAGE,
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE: REASON_WEAK_ALGORITHM,
    AdESIndeterminate.CRYPTO_CONSTRAINTS_FAILURE_NO_POE: REASON_WEAK_ALGORITHM,
}

_INVALID_INDICS: frozenset[AdESSubIndic] = frozenset(
    {
        AdESFailure.REVOKED,
        AdESFailure.NOT_YET_VALID,
        AdESFailure.HASH_FAILURE,
        AdESFailure.SIG_CRYPTO_FAILURE,
        AdESFailure.FORMAT_FAILURE,
    }
)


def _classify(status: PdfSignatureStatus) -> tuple[Status, list[str]]:
    invalid: list[str] = []
    indeterminate: list[str] = []
    if not status.intact:
        invalid.append(REASON_MODIFIED)
    elif not status.valid:
        invalid.append(REASON_BAD_SIGNATURE)
    if status.coverage is not None and status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        invalid.append(REASON_PARTIAL_COVERAGE)
    if status.docmdp_ok is False and REASON_MODIFIED not in invalid:
        invalid.append(REASON_MODIFIED)
    indic = status.trust_problem_indic
    if indic == AdESIndeterminate.CERTIFICATE_CHAIN_GENERAL_FAILURE:
        # pyHanko's catch-all. With a path to a trusted root, the usual cause offline is
        # missing revocation data (hard-fail/require modes); without one, an untrusted chain.
        indeterminate.append(
            REASON_CHAIN_PROBLEM if status.validation_path is not None else REASON_UNTRUSTED
        )
    elif indic is not None:
        text = _INDIC_REASONS.get(
            indic,
            f"No se pudo validar la cadena de certificación ({getattr(indic, 'name', indic)})",
        )
        (invalid if indic in _INVALID_INDICS else indeterminate).append(text)
    elif status.intact and status.valid and status.validation_path is None:
        indeterminate.append(REASON_UNTRUSTED)
    ts = status.timestamp_validity
    if ts is not None:
        if not (ts.intact and ts.valid):
            invalid.append(REASON_TIMESTAMP_INVALID)
        elif not ts.trusted:
            indeterminate.append(REASON_TIMESTAMP_UNTRUSTED)
    if invalid:
        return "invalid", invalid + [r for r in indeterminate if r not in invalid]
    if indeterminate:
        return "indeterminate", indeterminate
    return "valid", []


def _revision_sha256(pdf: bytes, byte_range: Any) -> str | None:
    try:
        values = [int(v) for v in byte_range]
        end = values[2] + values[3]
    except (TypeError, ValueError, IndexError):
        return None
    if end > len(pdf):
        return None
    return hashlib.sha256(pdf[:end]).hexdigest()


def _lima(value: dt.datetime | None) -> dt.datetime | None:
    return value.astimezone(LIMA_TZ) if value is not None else None


def _text(value: Any) -> str | None:
    return str(value) if value is not None else None


def validate_pdf(
    pdf: bytes,
    trust_roots: list[bytes],
    *,
    at: dt.datetime | None = None,
    revocation_mode: RevocationMode = "soft-fail",
) -> list[SignatureReport]:
    """Validate every signature in ``pdf`` against ``trust_roots`` (DER or PEM certificates).

    ``at`` is the validation time (default: now). Without a timestamp (B-B) a signature
    whose certificate has expired by then is INDETERMINATE, as in the AdES rules.

    Offline only: nothing is fetched (no OCSP, CRL or AIA). ``revocation_mode`` is
    pyhanko-certvalidator's: "soft-fail" (default) ignores revocation data it cannot get;
    "hard-fail" makes a certificate that advertises a CRL/OCSP endpoint INDETERMINATE unless
    the PDF embeds its revocation data; "require" demands revocation data for every
    certificate in the chain.
    Document timestamps (/DocTimeStamp, PAdES LTA) are not reported as signatures.
    """
    if b"%PDF-" not in pdf[:1024]:
        raise InvalidPdfError("El archivo no es un PDF válido.")
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        embedded = reader.embedded_regular_signatures
    except Exception as exc:
        raise InvalidPdfError("El archivo no es un PDF válido o está dañado.") from exc
    if not embedded:
        return []
    try:
        roots = [_load_trust_root(r) for r in trust_roots]
    except Exception as exc:
        raise SigningError("Uno de los certificados raíz de confianza no es válido.") from exc
    reports: list[SignatureReport] = []
    for sig in embedded:
        vc = ValidationContext(
            trust_roots=roots,
            allow_fetching=False,
            moment=at,
            revocation_mode=revocation_mode,
            crls=[],  # no revocation data of our own; pyhanko refuses None+no fetching
            ocsps=[],
        )
        br = sig.byte_range
        reason = _text(sig.sig_object.get("/Reason"))
        location = _text(sig.sig_object.get("/Location"))
        try:
            cert: asn1_x509.Certificate | None = sig.signer_cert
        except Exception:
            cert = None
        try:
            status = validate_pdf_signature(sig, signer_validation_context=vc)
        except Exception:
            reports.append(
                SignatureReport(
                    field_name=str(sig.field_name),
                    status="invalid",
                    reasons=[REASON_UNREADABLE],
                    signer_common_name=_asn1_cn(cert) if cert is not None else None,
                    signer_serial=int(cert.serial_number) if cert is not None else None,
                    issuer_common_name=_asn1_cn(cert, "issuer") if cert is not None else None,
                    signing_time=None,
                    timestamp_time=None,
                    covers_whole_document=False,
                    coverage="UNCLEAR",
                    modification_level=None,
                    level="B-B",
                    revision_sha256=_revision_sha256(pdf, br),
                    reason=reason,
                    location=location,
                )
            )
            continue
        state, reasons = _classify(status)
        ts = status.timestamp_validity
        ts_time = ts.timestamp if ts is not None else None
        cert = status.signing_cert
        reports.append(
            SignatureReport(
                field_name=str(sig.field_name),
                status=state,
                reasons=reasons,
                signer_common_name=_asn1_cn(cert),
                signer_serial=int(cert.serial_number),
                issuer_common_name=_asn1_cn(cert, "issuer"),
                signing_time=_lima(status.signer_reported_dt or ts_time),
                timestamp_time=_lima(ts_time),
                covers_whole_document=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
                coverage=status.coverage.name if status.coverage is not None else "UNCLEAR",
                modification_level=(
                    status.modification_level.name
                    if status.modification_level is not None
                    else None
                ),
                level="B-T" if ts is not None else "B-B",
                revision_sha256=_revision_sha256(pdf, br),
                reason=reason,
                location=location,
            )
        )
    return reports


def pdf_sha256(data: bytes) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(data).hexdigest()
