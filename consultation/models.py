"""The public consultation of the draft plan (activity h) and its systematization (i).

A proposal keeps its identity from intake to the published answer: clustering links
proposals without merging their rows, so provenance (origin, workshop, group, author)
survives and a cluster can be split back.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from workflow.models import ActionPlan, Axis, Commitment, CongressMeeting, Workshop

# Crockford-like alphabet without look-alikes (0/O, 1/I/L, U): easy to read out and type.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 10  # 30**10 ≈ 5.9e14: unguessable at any rate the rate limits allow


def tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Consultation(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """The consultation window of a plan: programada → abierta → cerrada."""

    class State(models.TextChoices):
        SCHEDULED = "programada", _("Scheduled")
        OPEN = "abierta", _("Open")
        CLOSED = "cerrada", _("Closed")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="consultations", verbose_name=_("plan")
    )
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    state = FSMField(_("state"), default=State.SCHEDULED, choices=State.choices, protected=True)
    responses_published_at = models.DateTimeField(_("responses published"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        ordering = ["-opens_at"]
        permissions = [
            ("moderate_proposals", _("Can moderate proposals")),
            ("systematize_proposals", _("Can systematize proposals")),
            ("import_proposals", _("Can register proposals from other origins")),
            ("publish_responses", _("Can publish the responses to proposals")),
        ]

    def __str__(self) -> str:
        return f"{_('Consultation')} — {self.plan}"

    def audit_payload(self) -> dict[str, str]:
        """Carried by the automatic audit entry of each transition (audit/receivers.py)."""
        return {"opens_at": self.opens_at.isoformat(), "closes_at": self.closes_at.isoformat()}

    @transition(field=state, source=State.SCHEDULED, target=State.OPEN)
    def open(self) -> None:
        """The window has started: citizens may submit."""

    @transition(field=state, source=[State.SCHEDULED, State.OPEN], target=State.CLOSED)
    def close(self) -> None:
        """The window has ended: systematization starts."""


class Cluster(models.Model):
    """Similar proposals grouped for one answer; each member keeps its own row."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="clusters",
        verbose_name=_("consultation"),
    )  # fmt: skip
    title = models.CharField(_("title"), max_length=200)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


class Disposition(models.TextChoices):
    ACCEPTED = "acogida", _("Accepted")
    PARTIALLY = "acogida_parcialmente", _("Partially accepted")
    REJECTED = "no_acogida", _("Not accepted")
    OUT_OF_SCOPE = "fuera_de_alcance", _("Out of scope")


class ResponseTemplate(models.Model):
    """A reusable reasoned response; placeholders such as {compromiso} are filled per
    proposal when it is applied."""

    title = models.CharField(_("title"), max_length=200)
    disposition = models.CharField(
        _("disposition"), max_length=24, choices=Disposition.choices, blank=True
    )
    text = models.TextField(_("text"))

    class Meta:
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Proposal(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """An aporte: a comment on a draft commitment (or one of its paragraphs) or a new
    proposal, from the web or entered by staff with its provenance."""

    Disposition = Disposition

    class Origin(models.TextChoices):
        WEB = "web", _("Web")
        WORKSHOP = "workshop", _("Workshop")
        CONGRESS = "congress", _("Congress")
        EMAIL = "email", _("E-mail")
        PAPER = "paper", _("Paper")

    class State(models.TextChoices):
        PENDING = "pendiente", _("Pending moderation")
        VISIBLE = "visible", _("Visible")
        HIDDEN = "oculto", _("Hidden")

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="proposals",
        verbose_name=_("consultation"),
    )  # fmt: skip
    code = models.CharField(_("tracking code"), max_length=16, unique=True, default=tracking_code)
    origin = models.CharField(_("origin"), max_length=10, choices=Origin.choices)
    workshop = models.ForeignKey(
        Workshop, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals",
        verbose_name=_("workshop"),
    )  # fmt: skip
    congress_meeting = models.ForeignKey(
        CongressMeeting, on_delete=models.PROTECT, null=True, blank=True,
        related_name="proposals", verbose_name=_("Congress meeting"),
    )  # fmt: skip
    group = models.CharField(_("working group"), max_length=120, blank=True)
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("axis"),
    )  # fmt: skip
    commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="comments",
        verbose_name=_("commented commitment"),
    )  # fmt: skip
    paragraph = models.CharField(_("paragraph"), max_length=40, blank=True)
    text = models.TextField(_("proposal"))
    author_name = models.CharField(_("name"), max_length=150, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    sector = models.CharField(_("sector"), max_length=40, blank=True)
    region = models.CharField(_("region"), max_length=60, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    data_consent = models.BooleanField(_("consent to the processing of personal data"))
    publish_consent = models.BooleanField(_("consent to publish the name"), default=False)
    state = FSMField(_("state"), default=State.PENDING, choices=State.choices, protected=True)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    cluster = models.ForeignKey(
        Cluster, on_delete=models.SET_NULL, null=True, blank=True, related_name="proposals",
        verbose_name=_("cluster"),
    )  # fmt: skip
    assigned_commitment = models.ForeignKey(
        Commitment, on_delete=models.PROTECT, null=True, blank=True, related_name="proposals",
        verbose_name=_("assigned commitment"),
    )  # fmt: skip
    disposition = models.CharField(
        _("disposition"), max_length=24, choices=Disposition.choices, blank=True
    )
    response = models.TextField(_("reasoned response"), blank=True)
    published_disposition = models.CharField(
        _("published disposition"), max_length=24, choices=Disposition.choices, blank=True
    )
    published_response = models.TextField(_("published response"), blank=True)
    created_at = models.DateTimeField(_("received"), auto_now_add=True, db_index=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name=_("registered by"),
    )  # fmt: skip

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["pk"]
        indexes = [models.Index(fields=["consultation", "state"], name="consult_prop_state")]

    def __str__(self) -> str:
        return self.code

    @transition(field=state, source=State.PENDING, target=State.VISIBLE)
    def approve(self) -> None:
        """Pre-moderation: a citizen's proposal becomes visible."""

    @transition(field=state, source=[State.PENDING, State.VISIBLE], target=State.HIDDEN)
    def hide(self) -> None:
        """Hidden by moderation, with a reason; the row stays for the record."""

    @transition(field=state, source=State.HIDDEN, target=State.VISIBLE)
    def restore(self) -> None:
        """A hidden proposal is shown again."""

    def audit_payload(self) -> dict[str, str]:
        return {"reason": self.hidden_reason} if self.hidden_reason else {}

    def public_author(self) -> str:
        """The author's name only when they consented to its publication."""
        return self.author_name if self.publish_consent else ""
