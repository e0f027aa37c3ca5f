"""Signers' workspace: their certificate, and the documents awaiting their signature."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from viewflow.urls import Application

from documents.access import check_signer
from documents.models import GeneratedDocument
from documents.signatures import (
    SIGN_PERMISSION,
    awaiting_signature,
    credential_upload,
    document_sign,
    signer_load,
)
from documents.signing import SigningError

MAX_P12_BYTES = 64 * 1024


class CredentialForm(forms.Form):
    certificate = forms.FileField(label=gettext_lazy("Certificate (.p12 or .pfx)"))
    password = forms.CharField(
        label=gettext_lazy("Certificate password"), widget=forms.PasswordInput
    )


class SignForm(forms.Form):
    documents = forms.ModelMultipleChoiceField(
        queryset=GeneratedDocument.objects.none(), widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Documents"),
    )  # fmt: skip
    position = forms.CharField(label=gettext_lazy("Position printed in the stamp"), max_length=120)
    password = forms.CharField(
        label=gettext_lazy("Certificate password"), widget=forms.PasswordInput
    )


@require_http_methods(["GET", "POST"])
def certificate(request: HttpRequest) -> HttpResponse:
    check_signer(request.user)
    form = CredentialForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["certificate"]
        if upload.size > MAX_P12_BYTES:
            form.add_error("certificate", _("The certificate file is too large."))
        else:
            try:
                credential = credential_upload(
                    user=request.user, p12=upload.read(), password=form.cleaned_data["password"]
                )
            except SigningError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Certificate of %(name)s registered.") % {"name": credential.common_name},
                )
                return redirect("signing:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/certificate.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest) -> HttpResponse:
    check_signer(request.user)
    pending = awaiting_signature(request.user)
    form = SignForm(
        request.POST or None,
        initial={"position": getattr(getattr(request.user, "profile", None), "position", "")},
    )
    form.fields["documents"].queryset = pending  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            signer = signer_load(user=request.user, password=form.cleaned_data["password"])
            signed = [
                document_sign(
                    document=doc,
                    user=request.user,
                    signer=signer,
                    position=form.cleaned_data["position"],
                )
                for doc in form.cleaned_data["documents"]
            ]
        except SigningError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(count)s document(s) signed.") % {"count": len(signed)})
            return redirect("signing:index")
    status = 400 if request.method == "POST" else 200
    return render(request, "documents/sign.html", {"form": form, "pending": pending}, status=status)


class SigningApp(Application):
    title = gettext_lazy("Signature")
    icon = "draw"
    app_name = "signing"
    permission = SIGN_PERMISSION
    menu_template_name = "staff/app_menu.html"
    menu_links = (
        ("signing:index", gettext_lazy("Awaiting my signature"), "draw"),
        ("signing:certificate", gettext_lazy("My signing certificate"), "badge"),
    )

    index_path = path("", sign, name="index")
    certificate_path = path("certificado/", certificate, name="certificate")
