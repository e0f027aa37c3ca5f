"""Mesa de partes in the admin: received documents are filed through the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from correspondence.delivery import MAX_REPLY_BYTES
from correspondence.inbound import inbound_register
from correspondence.models import InboundDocument, NumberPattern


class InboundForm(forms.ModelForm):
    upload = forms.FileField(label=_("Document (PDF)"))
    term_days = forms.IntegerField(label=_("Business days to attend"), initial=10, min_value=1)

    class Meta:
        model = InboundDocument
        fields = ["sender", "their_number", "their_date", "subject", "office", "in_reply_to"]

    def clean_upload(self) -> Any:
        upload = self.cleaned_data["upload"]
        if upload.size > MAX_REPLY_BYTES:
            raise forms.ValidationError(_("The document is larger than 10 MB."))
        if not upload.read(5).startswith(b"%PDF-"):
            raise forms.ValidationError(_("The document must be a PDF file."))
        upload.seek(0)
        return upload


@admin.register(InboundDocument)
class InboundDocumentAdmin(admin.ModelAdmin):
    form = InboundForm
    list_display = ("their_number", "sender", "subject", "office", "filed_at", "due_date", "state")
    list_filter = ("state", "office")
    search_fields = ("their_number", "subject", "sender__name")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        document = inbound_register(
            actor=request.user, sender=data["sender"], their_number=data["their_number"],
            their_date=data["their_date"], subject=data["subject"], data=data["upload"].read(),
            office=data["office"], term_days=data["term_days"], in_reply_to=data["in_reply_to"],
        )  # fmt: skip
        obj.pk = document.pk


@admin.register(NumberPattern)
class NumberPatternAdmin(admin.ModelAdmin):
    list_display = ("entity", "document_type", "pattern")
