"""The public proposal form: what a citizen may send, validated before the service."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from consultation.choices import PARAGRAPH_LABELS, REGIONS, SECTORS
from consultation.intake import FIELD_LIMITS, TEXT_LIMIT
from consultation.selectors import draft_commitments
from workflow.models import Commitment


# Choices as functions: a form is deep-copied from its class on every request, and copying
# the lists of lazy labels was a fifth of the accepting path's Python time.
def _paragraph_choices() -> list[tuple[str, Any]]:
    return [("", _("The whole commitment")), *PARAGRAPH_LABELS.items()]


def _sector_choices() -> list[tuple[str, Any]]:
    return [("", "—"), *SECTORS]


def _region_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((region, region) for region in REGIONS)]


class ProposalForm(forms.Form):
    """Draws the public form; a submission is checked by ``intake.proposal_input``."""

    text = forms.CharField(
        label=_("Your proposal or comment"), max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "aria-describedby": "text-help"}),
    )  # fmt: skip
    commitment = forms.ModelChoiceField(
        label=_("Commitment you comment on"), queryset=Commitment.objects.none(),
        required=False, empty_label=_("None: a new proposal"),
    )  # fmt: skip
    paragraph = forms.ChoiceField(
        label=_("Paragraph"), required=False,
        choices=_paragraph_choices,
    )  # fmt: skip
    author_name = forms.CharField(
        label=_("Name"), required=False, max_length=FIELD_LIMITS["author_name"]
    )
    organisation = forms.CharField(
        label=_("Organisation"), required=False, max_length=FIELD_LIMITS["organisation"]
    )
    sector = forms.ChoiceField(label=_("Sector"), required=False, choices=_sector_choices)
    region = forms.ChoiceField(label=_("Region"), required=False, choices=_region_choices)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=FIELD_LIMITS["email"])
    data_consent = forms.BooleanField(label=_("I consent"), required=False)
    publish_consent = forms.BooleanField(
        label=_("Publish my name next to my proposal"), required=False
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by naive bots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args: Any, plan_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["commitment"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = draft_commitments(plan_id)


def form_with_errors(data: Any, *, plan_id: int, error: ValidationError) -> ProposalForm:
    """The form bound to a refused submission: its own messages where its fields object,
    else the service's reason."""
    form = ProposalForm(data, plan_id=plan_id)
    if form.is_valid():
        form.add_error(None, error)
    return form
