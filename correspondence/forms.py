"""The form a drafter fills in to start an oficio."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from correspondence.models import Oficio
from directory.models import CommissionSeat, Entity

Kind = Entity.Kind
GROUPS: dict[str, tuple[Any, Q]] = {
    "ministries": (_("All ministries"), Q(kind=Kind.MINISTRY)),
    "regional": (_("All regional governments and Lima Metropolitana"),
                 Q(kind=Kind.REGIONAL_GOVERNMENT) | Q(regional_functions=True)),
    "provincial": (_("All provincial municipalities"), Q(kind=Kind.PROVINCIAL_MUNICIPALITY)),
    "district": (_("All district municipalities"), Q(kind=Kind.DISTRICT_MUNICIPALITY)),
    "civil_society": (_("Civil society organisations"), Q(kind=Kind.CIVIL_SOCIETY)),
}  # fmt: skip


def paragraphs(text: str) -> list[str]:
    """One paragraph (or reference) per non-empty line."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def group_entities(code: str) -> QuerySet[Entity]:
    if code == "commission":
        return Entity.objects.filter(pk__in=CommissionSeat.objects.values("entity"))
    return Entity.objects.filter(GROUPS[code][1])


class OficioForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Oficio.Kind.choices)
    group = forms.ChoiceField(
        label=_("Recipient group"), required=False,
        choices=[("", _("— hand-made list —")), *((k, v[0]) for k, v in GROUPS.items()),
                 ("commission", _("Members of the Commission"))],
    )  # fmt: skip
    recipients = forms.ModelMultipleChoiceField(
        label=_("Recipients (hand-made list)"), queryset=Entity.objects.all(), required=False
    )
    subject = forms.CharField(label=_("Subject"), max_length=500)
    body = forms.CharField(label=_("Body (one paragraph per line)"), widget=forms.Textarea)
    references = forms.CharField(
        label=_("References (one per line)"), widget=forms.Textarea, required=False
    )
    reviewers = forms.ModelMultipleChoiceField(
        label=_("Vistos buenos (in this order)"), required=False,
        queryset=get_user_model().objects.filter(profile__isnull=False),
    )  # fmt: skip
    review_mode = forms.ChoiceField(label=_("Vistos buenos"), choices=Oficio.ReviewMode.choices)
    signer = forms.ModelChoiceField(
        label=_("Signer"),
        queryset=get_user_model()
        .objects.filter(
            Q(groups__permissions__codename="sign_generateddocument")
            | Q(user_permissions__codename="sign_generateddocument")
        )
        .distinct(),
    )
    reply_days = forms.IntegerField(
        label=_("Business days to reply"), min_value=1, max_value=60, initial=10
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        group, chosen = data.get("group"), data.get("recipients")
        entities = list(group_entities(group)) if group else list(chosen or [])
        if not entities:
            raise forms.ValidationError(_("Choose a recipient group or at least one recipient."))
        data["entities"] = entities
        return data
