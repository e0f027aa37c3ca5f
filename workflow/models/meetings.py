"""The meetings where the plan is made: commission sessions (a, g, j, k), workshops (d, e)
and meetings with members of Congress (f)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import CommissionSeat, Entity
from workflow.models.plans import ActionPlan


class CommissionSession(models.Model):
    class Kind(models.TextChoices):
        ORDINARY = "ordinaria", _("Ordinary")
        EXTRAORDINARY = "extraordinaria", _("Extraordinary")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ORDINARY)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    venue = models.CharField(_("venue"), max_length=255)
    agenda = models.JSONField(_("agenda"), default=list)
    # [{"topic", "summary"}] and [{"text", "responsible", "deadline"}], as in the acta.
    proceedings = models.JSONField(_("proceedings"), default=list)
    agreements = models.JSONField(_("agreements"), default=list)

    class Meta:
        verbose_name = _("commission session")
        verbose_name_plural = _("commission sessions")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planflow_session_number")
        ]

    def __str__(self) -> str:
        return f"{self.number}ª sesión {self.get_kind_display().lower()} ({self.date:%d/%m/%Y})"

    def has_quorum(self) -> bool:
        """More than half of the full seats are present, in person or by their alternate."""
        full_seats = CommissionSeat.objects.filter(capacity=CommissionSeat.Capacity.TITULAR)
        voting = {
            row.entity_id
            for row in self.attendance.all()
            if row.capacity in (CommissionSeat.Capacity.TITULAR, CommissionSeat.Capacity.ALTERNATE)
        }
        # An alternate stands in for its sector's full seat (CCL for CONFIEP).
        present = sum(1 for seat in full_seats if seat.entity_id in voting) + sum(
            1
            for seat in CommissionSeat.objects.filter(capacity=CommissionSeat.Capacity.ALTERNATE)
            if seat.entity_id in voting
            and not full_seats.filter(sector=seat.sector, entity_id__in=voting).exists()
        )
        return present * 2 > full_seats.count()


class SessionAttendance(models.Model):
    session = models.ForeignKey(
        CommissionSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("session"),
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name=_("entity"))
    name = models.CharField(_("name"), max_length=200)
    capacity = models.CharField(
        _("capacity"), max_length=20, choices=CommissionSeat.Capacity.choices
    )

    class Meta:
        verbose_name = _("session attendance")
        verbose_name_plural = _("session attendance")
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.entity})"


class Workshop(models.Model):
    """A workshop collecting proposals: one per configured region (d), and Lima's (e)."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", _("Regional workshop")
        LIMA = "lima", _("Lima workshop")

    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    region = models.CharField(_("region"), max_length=80)
    city = models.CharField(_("city"), max_length=80)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    host = models.ForeignKey(
        Entity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("host entity"),
    )
    facilitators = models.JSONField(_("facilitators"), default=list)  # [{"name", "entity"}]
    objective = models.TextField(_("objective"), blank=True)
    methodology = models.JSONField(_("methodology"), default=list)
    conclusions = models.JSONField(_("conclusions"), default=list)

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["plan", "start_date", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.city}"


class WorkshopAttendance(models.Model):
    class Sector(models.TextChoices):
        STATE = "state", _("State")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        BUSINESS = "business", _("Business")
        ACADEMIA = "academia", _("Academia")
        CITIZEN = "citizen", _("Citizen")

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("workshop")
    )
    name = models.CharField(_("name"), max_length=200)
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("entity")
    )
    organization = models.CharField(_("organisation"), max_length=255, blank=True)
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)

    class Meta:
        verbose_name = _("workshop attendance")
        verbose_name_plural = _("workshop attendance")
        ordering = ["workshop", "pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organization_name()})"

    def organization_name(self) -> str:
        return self.entity.name if self.entity else self.organization


class CongressMeeting(models.Model):
    """A meeting with members of Congress on Open Parliament (activity f)."""

    plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.CASCADE,
        related_name="congress_meetings",
        verbose_name=_("plan"),
    )
    topic = models.CharField(_("topic"), max_length=300)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    venue = models.CharField(_("venue"), max_length=255)
    convened_by = models.CharField(_("convened by"), max_length=255)
    participants = models.JSONField(_("members"), default=list)  # [{"name","position","entity"}]
    agenda = models.JSONField(_("topics"), default=list)
    discussion = models.JSONField(_("discussion"), default=list)  # [{"speaker", "summary"}]
    agreements = models.JSONField(_("agreements"), default=list)

    class Meta:
        verbose_name = _("meeting with Congress")
        verbose_name_plural = _("meetings with Congress")
        ordering = ["plan", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.topic} ({self.date:%d/%m/%Y})"
