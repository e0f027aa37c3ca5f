"""Documents: metadata and PDF by verification code, and verification (public, as the
/verificar/ pages)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, OpenApiTypes, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import TooLarge, invalid
from api.serializers import DocumentSerializer, VerificationSerializer, VerifyUploadSerializer
from api.views.base import AnyAccept
from documents import access
from documents.signatures import Verification, verify_pdf
from documents.signing import SigningError
from documents.views import STATUS_LABELS


def _verification(verification: Verification) -> dict[str, Any]:
    return VerificationSerializer({
        "status": verification.status, "status_label": str(STATUS_LABELS[verification.status]),
        "sha256": verification.sha256, "document": verification.document,
        "reports": verification.reports,
    }).data  # fmt: skip


class _Public(APIView):
    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]


@extend_schema(tags=["documents"], responses=DocumentSerializer)
class DocumentDetail(_Public):
    def get(self, request: Request, code: str) -> Response:
        return Response(DocumentSerializer(access.document_by_code(code)).data)


@extend_schema(
    tags=["documents"],
    responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
    summary="PDF del documento (firmado si ya se firmó)",
)
class DocumentDownload(AnyAccept, _Public):
    def get(self, request: Request, code: str) -> FileResponse:
        document, field = access.document_file(code, "pdf")
        return FileResponse(field.open("rb"), as_attachment=True,
                            filename=f"{document.verification_code}.pdf",
                            content_type="application/pdf")  # fmt: skip


@extend_schema(tags=["documents"], responses=VerificationSerializer)
class DocumentVerification(_Public):
    def get(self, request: Request, code: str) -> Response:
        _document, field = access.document_file(code, "pdf")
        with field.open("rb") as handle:
            return Response(_verification(verify_pdf(handle.read())))


@extend_schema(
    tags=["documents"],
    request={"multipart/form-data": VerifyUploadSerializer},
    responses=VerificationSerializer,
    summary="Verificar un PDF cualquiera",
)
class VerifyUpload(_Public):
    def post(self, request: Request) -> Response:
        upload = request.FILES.get("file")
        if upload is None:
            raise invalid({"file": [_("Attach the PDF file.")]})
        if upload.size > settings.MAX_VERIFY_UPLOAD_BYTES:
            raise TooLarge(_("The file is larger than 20 MB."))
        data = upload.read()
        if not data.startswith(b"%PDF-"):
            raise invalid({"file": [_("The file is not a PDF.")]})
        try:
            verification = verify_pdf(data)
        except SigningError as exc:
            raise invalid({"file": [str(exc)]}) from exc
        return Response(_verification(verification))
