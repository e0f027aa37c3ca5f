"""The action plan, its axes and its commitments (OGP commitment template, DOMAIN.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, FSMModelMixin, transition

from directory.models import Entity, Office


class ActionPlan(ConcurrentTransitionMixin, FSMModelMixin, models.Model):
    """One Open Government action plan, e.g. 2014–2016, from its definition to its approval."""

    class Instrument(models.TextChoices):
        # The first plan was approved by RM 085-2012-PCM, later ones by Decreto Supremo.
        MINISTERIAL_RESOLUTION = "resolucion_ministerial", _("Ministerial resolution")
        SUPREME_DECREE = "decreto_supremo", _("Supreme decree")

    class State(models.TextChoices):
        ELABORATION = "elaboracion", _("In elaboration")
        CONSULTATION = "consulta", _("In public consultation")
        SYSTEMATIZATION = "sistematizacion", _("Systematization")
        FINAL = "version_final", _("Final version")
        APPROVED = "aprobado", _("Approved")

    title = models.CharField(_("title"), max_length=255)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("entity")
    )
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="+", verbose_name=_("technical secretariat")
    )
    instrument = models.CharField(
        _("approving instrument"),
        max_length=32,
        choices=Instrument.choices,
        default=Instrument.MINISTERIAL_RESOLUTION,
    )
    instrument_number = models.CharField(_("instrument number"), max_length=120, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    consultation_url = models.URLField(_("consultation address"), blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    state = FSMField(
        _("state"), max_length=20, choices=State.choices, default=State.ELABORATION, protected=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        permissions = [
            ("manage_actionplan", _("Can run the action plan's process")),
            ("preside_commission", _("Can approve as president of the commission")),
            ("deliberate_actionplan", _("Can observe and score as a commission member")),
            ("approve_publication", _("Can approve the plan's publications")),
            ("review_legal", _("Can give the legal visto bueno")),
            ("approve_actionplan", _("Can sign the instrument approving the plan")),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.period}"

    @property
    def period(self) -> str:
        return f"{self.start_year}–{self.end_year}"

    def audit_payload(self) -> dict[str, Any]:
        return {"title": self.title, "period": self.period}

    @transition(field=state, source=State.ELABORATION, target=State.CONSULTATION)
    def open_consultation(self) -> None:
        """The draft is published and the consultation window opens (activity h)."""

    @transition(field=state, source=State.CONSULTATION, target=State.SYSTEMATIZATION)
    def close_consultation(self) -> None:
        """The window closed; proposals are systematized (activity i)."""

    @transition(field=state, source=State.SYSTEMATIZATION, target=State.FINAL)
    def finalize(self) -> None:
        """Every proposal has a published disposition; the final version is written (j)."""

    @transition(field=state, source=State.FINAL, target=State.APPROVED)
    def approve(self) -> None:
        """The approving instrument was signed and numbered (l)."""


class Axis(models.Model):
    """A thematic axis of the plan (the seed has five)."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="axes", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("axis")
        verbose_name_plural = _("axes")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planflow_axis_number")
        ]

    def __str__(self) -> str:
        return self.name


class Commitment(models.Model):
    """A commitment with the fields of OGP's commitment template.

    The draft commitments (activity g) are kept when the final version is written (j): each
    final commitment points to the draft one it came from, so that a proposal can be followed
    proposal → cluster → draft commitment → final commitment.
    """

    class Stage(models.TextChoices):
        DRAFT = "borrador", _("Draft")
        FINAL = "final", _("Final")

    class Value(models.TextChoices):
        TRANSPARENCY = "transparency", _("Transparency")
        PARTICIPATION = "participation", _("Civic participation")
        ACCOUNTABILITY = "accountability", _("Public accountability")
        TECHNOLOGY = "technology", _("Technology and innovation")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="commitments", verbose_name=_("plan")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="final_versions",
        verbose_name=_("draft commitment"),
    )
    axis = models.ForeignKey(
        Axis, on_delete=models.PROTECT, related_name="commitments", verbose_name=_("axis")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    lead = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="+", verbose_name=_("lead institution")
    )
    supporting = models.ManyToManyField(
        Entity, blank=True, related_name="+", verbose_name=_("other actors")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    problem = models.TextField(_("public problem"))
    description = models.TextField(_("commitment"))
    solution = models.TextField(_("how it solves the problem"))
    values = models.JSONField(_("relevance to OGP values"), default=list)
    priority_score = models.DecimalField(
        _("prioritization score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    priority_rank = models.PositiveSmallIntegerField(_("priority"), null=True, blank=True)

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["plan", "stage", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "stage", "number"], name="planflow_commitment_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def values_display(self) -> list[str]:
        labels = dict(self.Value.choices)
        return [str(labels.get(value, value)) for value in self.values]


class Milestone(models.Model):
    commitment = models.ForeignKey(
        Commitment,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("commitment"),
    )
    text = models.CharField(_("milestone"), max_length=500)
    due_date = models.DateField(_("date"))
    output = models.CharField(_("verifiable output"), max_length=500)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["commitment", "due_date", "pk"]

    def __str__(self) -> str:
        return self.text


class PrioritizationScore(models.Model):
    """A commission member's score for a draft commitment (activity j)."""

    commitment = models.ForeignKey(
        Commitment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("commitment")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("member"),
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    scored_at = models.DateTimeField(_("scored at"), auto_now=True)

    class Meta:
        verbose_name = _("prioritization score")
        verbose_name_plural = _("prioritization scores")
        constraints = [
            models.UniqueConstraint(fields=["commitment", "member"], name="planflow_one_score"),
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5), name="planflow_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment}: {self.score}"
