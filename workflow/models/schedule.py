"""The cronograma (planned against actual, like the seed's table) and publications."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from documents.models import GeneratedDocument
from workflow.models.plans import ActionPlan


class ScheduleEntry(models.Model):
    """One row of the cronograma: an activity of the seed (a–l) and its windows."""

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="schedule", verbose_name=_("plan")
    )
    activity = models.CharField(_("activity"), max_length=2)
    name = models.CharField(_("name"), max_length=255)
    owner = models.CharField(_("responsible"), max_length=120)
    planned_start = models.DateField(_("planned start"))
    planned_end = models.DateField(_("planned end"))
    actual_start = models.DateTimeField(_("actual start"), null=True, blank=True)
    actual_end = models.DateTimeField(_("actual end"), null=True, blank=True)

    class Meta:
        verbose_name = _("schedule entry")
        verbose_name_plural = _("schedule")
        ordering = ["plan", "activity"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "activity"], name="planflow_one_activity")
        ]

    def __str__(self) -> str:
        return f"{self.activity}) {self.name}"


class Publication(models.Model):
    """Something published (c, h, l): where, and the ready-to-post texts for social media."""

    class Kind(models.TextChoices):
        PRESS_NOTE = "nota_prensa", _("Press note")
        LEAFLET = "cartilla", _("Information leaflet")
        DRAFT = "borrador", _("Draft plan")
        FINAL_PLAN = "plan_final", _("Final plan")
        RESOLUTION = "resolucion", _("Approving resolution")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="publications", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    urls = models.JSONField(_("addresses"), default=list)
    social_posts = models.JSONField(_("social media texts"), default=list)  # [{"network","text"}]
    document = models.ForeignKey(
        GeneratedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    published_at = models.DateTimeField(_("published at"))

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["plan", "published_at"]

    def __str__(self) -> str:
        return self.title
