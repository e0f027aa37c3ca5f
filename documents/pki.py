"""Demo PKI: a throw-away root CA and end-entity signing certificates.

Nothing here is a real certification authority. The root is called
"CA Demo Gobierno Abierto (no válida)" so that anybody who inspects a signature made with
it can tell it has no legal value under Ley 27269. It exists so that the product can be
demonstrated (and tested) end to end: issue a PKCS#12 file per person, sign PDFs with it
and validate them with the demo root as the only trust anchor.

Pure library: no Django imports. A management command keeps the CA under ``var/pki/``
through :func:`save_ca` / :func:`load_ca`.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

__all__ = [
    "CA_CERT_FILENAME",
    "CA_KEY_FILENAME",
    "DEMO_CA_NAME",
    "DOCUMENT_SIGNING_EKU",
    "DemoCA",
    "issue_signer",
    "load_ca",
    "make_demo_ca",
    "save_ca",
]

DEMO_CA_NAME = "CA Demo Gobierno Abierto (no válida)"
DEMO_ORGANIZATION = "Gobierno Abierto - Demostración"
CA_VALIDITY_DAYS = 3650
RSA_KEY_SIZE = 2048
CA_CERT_FILENAME = "demo-ca.crt.pem"
CA_KEY_FILENAME = "demo-ca.key.pem"

# id-kp-documentSigning (RFC 9336). pyHanko's validator does not constrain extended key
# usage for signatures by default (only keyUsage nonRepudiation is required), so both this
# and emailProtection are accepted.
DOCUMENT_SIGNING_EKU = ObjectIdentifier("1.3.6.1.5.5.7.3.36")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


@dataclass(frozen=True)
class DemoCA:
    """A demo root CA: private key plus self-signed certificate."""

    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def cert_pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    @property
    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)

    def key_pem(self, password: str | None = None) -> bytes:
        """The private key as PKCS#8 PEM, encrypted when a password is given."""
        encryption: serialization.KeySerializationEncryption = (
            serialization.BestAvailableEncryption(password.encode("utf-8"))
            if password
            else serialization.NoEncryption()
        )
        return self.key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
        )

    @classmethod
    def from_pem(cls, cert_pem: bytes, key_pem: bytes, password: str | None = None) -> DemoCA:
        cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(
            key_pem, password=password.encode("utf-8") if password else None
        )
        if not isinstance(key, rsa.RSAPrivateKey):
            raise ValueError("The demo CA key must be an RSA key.")
        spki = serialization.PublicFormat.SubjectPublicKeyInfo
        der = serialization.Encoding.DER
        if key.public_key().public_bytes(der, spki) != cert.public_key().public_bytes(der, spki):
            raise ValueError("The demo CA key does not match its certificate.")
        return cls(key=key, cert=cert)


def make_demo_ca(*, name: str = DEMO_CA_NAME, days: int = CA_VALIDITY_DAYS) -> DemoCA:
    """Create a fresh self-signed root CA (RSA 2048, SHA-256, 10 years by default)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_SIZE)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION),
            x509.NameAttribute(NameOID.COMMON_NAME, name),
        ]
    )
    now = _now()
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
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
        .add_extension(ski, critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ski), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    return DemoCA(key=key, cert=cert)


def issue_signer(
    ca: DemoCA,
    *,
    name: str,
    position: str,
    email: str,
    password: str,
    days: int = 730,
    valid_from: dt.datetime | None = None,
    crl_url: str | None = None,
) -> bytes:
    """Issue a signing certificate for a person and return it as password-protected PKCS#12.

    The PKCS#12 holds the private key, the end-entity certificate and the CA certificate
    (so the signature embeds the whole chain). ``valid_from`` (default: now) exists mainly to
    build already-expired certificates in tests. ``crl_url`` adds a CRL distribution point
    (the demo CA publishes none by default).
    """
    if not password:
        raise ValueError("A PKCS#12 password is required.")
    key = rsa.generate_private_key(public_exponent=65537, key_size=RSA_KEY_SIZE)
    attributes = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "PE"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANIZATION),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
    ]
    if position:
        attributes.insert(2, x509.NameAttribute(NameOID.TITLE, position))
    start = (valid_from or _now()).astimezone(dt.UTC)
    ca_ski = ca.cert.extensions.get_extension_for_class(x509.SubjectKeyIdentifier).value
    builder = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attributes))
        .issuer_name(ca.cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start - dt.timedelta(minutes=5))
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # a.k.a. nonRepudiation, required by pyHanko
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
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING_EKU]),
            critical=False,
        )
        .add_extension(x509.SubjectAlternativeName([x509.RFC822Name(email)]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_ski),
            critical=False,
        )
    )
    if crl_url:
        builder = builder.add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    cert = builder.sign(ca.key, hashes.SHA256())
    return pkcs12.serialize_key_and_certificates(
        name=name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=[ca.cert],
        encryption_algorithm=serialization.BestAvailableEncryption(password.encode("utf-8")),
    )


def save_ca(ca: DemoCA, directory: Path, *, key_password: str | None = None) -> None:
    """Write the CA as PEM files into ``directory`` (the key file gets mode 0600)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / CA_CERT_FILENAME).write_bytes(ca.cert_pem)
    key_path = directory / CA_KEY_FILENAME
    fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(ca.key_pem(key_password))
    os.chmod(key_path, 0o600)


def load_ca(directory: Path, *, key_password: str | None = None) -> DemoCA | None:
    """Load a CA written by :func:`save_ca`; ``None`` if the directory holds none."""
    cert_path = directory / CA_CERT_FILENAME
    key_path = directory / CA_KEY_FILENAME
    if not (cert_path.exists() and key_path.exists()):
        return None
    return DemoCA.from_pem(cert_path.read_bytes(), key_path.read_bytes(), key_password)
