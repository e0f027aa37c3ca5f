"""Template versions and the documents generated from them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _


class TemplateVersion(models.Model):
    """One validated .docx template of a kind. Only validated files are stored; the
    active version is the one new documents use, older ones stay for the record."""

    class Source(models.TextChoices):
        SHIPPED = "shipped", _("Shipped with the product")
        UPLOADED = "uploaded", _("Uploaded by staff")

    kind = models.CharField(_("kind"), max_length=40)
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="plantillas/")
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    is_active = models.BooleanField(_("active"), default=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        verbose_name=_("uploaded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="documents_template_version"),
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="documents_one_active_template"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} v{self.version}"


class GeneratedDocument(models.Model):
    class PdfState(models.TextChoices):
        PENDING = "pending", _("Converting")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Conversion failed")

    key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=255)
    number = models.CharField(_("number"), max_length=120, blank=True)
    template = models.ForeignKey(
        TemplateVersion, on_delete=models.PROTECT, verbose_name=_("template version")
    )
    context = models.JSONField(_("context"))
    docx = models.FileField(_("Word document"), upload_to="documentos/")
    docx_sha256 = models.CharField(_("Word SHA-256"), max_length=64)
    pdf = models.FileField(_("PDF"), upload_to="documentos/", blank=True)
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    pdf_state = models.CharField(
        _("PDF state"), max_length=16, choices=PdfState.choices, default=PdfState.PENDING
    )
    pdf_error = models.TextField(_("PDF error"), blank=True)
    # Users who must sign, in order; empty: any holder of the signer role, in any order.
    signer_ids = models.JSONField(_("signers in order"), default=list, blank=True)
    signed_pdf = models.FileField(_("signed PDF"), upload_to="documentos/", blank=True)
    signed_sha256 = models.CharField(_("signed PDF SHA-256"), max_length=64, blank=True)
    verification_code = models.CharField(_("verification code"), max_length=20, unique=True)
    checkpoint_seq = models.BigIntegerField(_("audit checkpoint entry"), null=True, blank=True)
    checkpoint_hash = models.CharField(_("audit checkpoint hash"), max_length=64, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        ordering = ["-created_at"]
        permissions = [("sign_generateddocument", _("Can sign documents"))]

    def __str__(self) -> str:
        return self.number or f"{self.title} ({self.verification_code})"

    @property
    def current_pdf(self) -> FieldFile | None:
        """The file a reader gets: the latest signed revision, else the rendition."""
        if self.signed_pdf:
            return self.signed_pdf
        return self.pdf if self.pdf else None

    @property
    def current_sha256(self) -> str:
        return self.signed_sha256 or self.pdf_sha256


class Signature(models.Model):
    """One PAdES signature, in order; the file after it is ``sha256``."""

    document = models.ForeignKey(
        GeneratedDocument, on_delete=models.PROTECT, related_name="signatures",
        verbose_name=_("document"),
    )  # fmt: skip
    order = models.PositiveIntegerField(_("order"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("signer")
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200)
    certificate_subject = models.CharField(_("certificate"), max_length=255)
    certificate_serial = models.CharField(_("certificate serial"), max_length=80)
    sha256 = models.CharField(_("SHA-256 after signing"), max_length=64)
    signed_at = models.DateTimeField(_("signed"), auto_now_add=True)

    class Meta:
        verbose_name = _("signature")
        verbose_name_plural = _("signatures")
        ordering = ["document", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="documents_signature_order")
        ]

    def __str__(self) -> str:
        return f"{self.document} — {self.order}. {self.name}"


class SignerCredential(models.Model):
    """A signer's PKCS#12, encrypted at rest; its password is asked at signing time and
    never stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_credentials",
        verbose_name=_("user"),
    )  # fmt: skip
    encrypted_p12 = models.BinaryField(_("encrypted certificate"))
    common_name = models.CharField(_("holder"), max_length=255)
    serial = models.CharField(_("serial"), max_length=80)
    not_after = models.DateTimeField(_("valid until"))
    is_active = models.BooleanField(_("active"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=Q(is_active=True), name="documents_one_active_credential"
            )
        ]

    def __str__(self) -> str:
        return f"{self.common_name} ({self.serial})"
