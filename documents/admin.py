"""Template authors upload new versions here; a file is checked before it is stored."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from documents.models import GeneratedDocument, TemplateVersion
from documents.registry import kinds
from documents.services import TemplateRejected, template_register


class TemplateUploadForm(forms.ModelForm):
    kind = forms.ChoiceField(label=_("kind"), choices=())
    upload = forms.FileField(label=_("Word template (.docx)"))

    class Meta:
        model = TemplateVersion
        fields: list[str] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field = self.fields["kind"]
        assert isinstance(kind_field, forms.ChoiceField)
        kind_field.choices = [(k.code, k.title) for k in kinds().values()]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ("kind", "version", "is_active", "source", "uploaded_by", "created_at")
    list_filter = ("kind", "is_active", "source")
    form = TemplateUploadForm

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # versions are immutable; upload a new one instead

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        upload = form.cleaned_data["upload"]
        try:
            version = template_register(
                kind=form.cleaned_data["kind"], data=upload.read(), user=request.user
            )
        except TemplateRejected as exc:
            for problem in exc.problems:
                messages.error(request, problem)
            raise _Refused from exc
        obj.pk = version.pk

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> Any:
        try:
            return super().add_view(request, form_url, extra_context)
        except _Refused:
            from django.shortcuts import redirect

            return redirect(request.path)


class _Refused(Exception):
    pass


@admin.register(GeneratedDocument)
class GeneratedDocumentAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "pdf_state", "verification_code", "created_at")
    list_filter = ("kind", "pdf_state")
    search_fields = ("number", "title", "verification_code")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
