"""Public verification: anyone holding a code or a PDF can check a document."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from documents import access
from documents.signatures import Verification, verify_pdf
from documents.signing import SigningError

STATUS_LABELS = {
    "valid": _("VALID"),
    "invalid": _("NOT VALID"),
    "indeterminate": _("INDETERMINATE"),
    "unsigned": _("UNSIGNED"),
}


class UploadForm(forms.Form):
    file = forms.FileField(label=_("PDF file"))

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        if upload.size > settings.MAX_VERIFY_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        data: bytes = upload.read()
        if not data.startswith(b"%PDF-"):
            raise forms.ValidationError(_("The file is not a PDF."))
        return data


def _context(verification: Verification) -> dict[str, object]:
    return {
        "verification": verification,
        "document": verification.document,
        "status_label": STATUS_LABELS[verification.status],
    }


@login_not_required
@require_GET
def document_by_code(request: HttpRequest, code: str) -> HttpResponse:
    document = access.document_by_code(code)
    current = document.current_pdf
    verification = None
    if current is not None:
        with current.open("rb") as handle:
            verification = verify_pdf(handle.read())
    label = STATUS_LABELS[verification.status] if verification else ""
    context = {"document": document, "verification": verification, "status_label": label}
    return render(request, "documents/verify_document.html", context)


@login_not_required
@require_GET
def download(request: HttpRequest, code: str, fmt: str) -> FileResponse:
    # Only the PDF is public: the editable .docx stays with staff.
    document, field = access.document_file(code, fmt)
    filename = f"{document.verification_code}.{fmt}"
    return FileResponse(field.open("rb"), as_attachment=True, filename=filename)


@login_not_required
@require_http_methods(["GET", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            verification = verify_pdf(form.cleaned_data["file"])
        except SigningError as exc:
            form.add_error("file", str(exc))
        else:
            return render(request, "documents/verify_result.html", _context(verification))
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/verify_upload.html", {"form": form}, status=status)
