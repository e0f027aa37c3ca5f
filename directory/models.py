"""Entities of the Peruvian State and civil society, their offices and staff."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Entity(models.Model):
    class Kind(models.TextChoices):
        PCM = "pcm", _("Presidency of the Council of Ministers")
        MINISTRY = "ministry", _("Ministry")
        JUDICIARY = "judiciary", _("Judiciary")
        CONGRESS = "congress", _("Congress")
        AUTONOMOUS = "autonomous", _("Autonomous constitutional body")
        REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
        PROVINCIAL_MUNICIPALITY = "provincial_municipality", _("Provincial municipality")
        DISTRICT_MUNICIPALITY = "district_municipality", _("District municipality")
        CIVIL_SOCIETY = "civil_society", _("Civil society organisation")
        BUSINESS = "business", _("Business guild")
        EXECUTIVE_BODY = "executive_body", _("Executive body")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(
        _("acronym"), max_length=40, help_text=_("Used in document numbers.")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices, db_index=True)
    ubigeo = models.CharField(_("INEI ubigeo"), max_length=6, blank=True, db_index=True)
    department = models.CharField(_("department"), max_length=80, blank=True)
    regional_functions = models.BooleanField(
        _("has regional-government functions"),
        default=False,
        help_text=_("Lima Metropolitana: a provincial municipality with regional functions."),
    )
    head_title = models.CharField(_("head's title"), max_length=160)
    head_name = models.CharField(_("head's name"), max_length=160)
    email = models.EmailField(_("official e-mail"), blank=True)
    city = models.CharField(_("city"), max_length=80, default="Lima")
    source = models.CharField(_("data source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("entity")
        verbose_name_plural = _("entities")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Office(models.Model):
    entity = models.ForeignKey(
        Entity, on_delete=models.PROTECT, related_name="offices", verbose_name=_("entity")
    )
    code = models.CharField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=255)
    acronym = models.CharField(_("acronym"), max_length=40)
    head_title = models.CharField(_("head's title"), max_length=160)
    head_name = models.CharField(_("head's name"), max_length=160)

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(fields=["entity", "code"], name="directory_office_entity_code")
        ]
        ordering = ["entity__name", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.entity.acronym})"


class CommissionSeat(models.Model):
    """A seat of the Multisectoral Commission (DS 003-2013-PCM)."""

    class Sector(models.TextChoices):
        STATE = "state", _("State")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        BUSINESS = "business", _("Business")

    class Capacity(models.TextChoices):
        TITULAR = "titular", _("Full member")
        ALTERNATE = "alterno", _("Alternate member")
        OBSERVER = "observer", _("Observer")

    class Function(models.TextChoices):
        PRESIDENT = "president", _("President")
        TECHNICAL_SECRETARIAT = "technical_secretariat", _("Technical secretariat")
        MEMBER = "member", _("Member")

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name=_("entity"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("office")
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    capacity = models.CharField(_("capacity"), max_length=20, choices=Capacity.choices)
    function = models.CharField(
        _("function"), max_length=32, choices=Function.choices, default=Function.MEMBER
    )

    class Meta:
        verbose_name = _("commission seat")
        verbose_name_plural = _("commission seats")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "office"], name="directory_seat_entity_office"
            )
        ]

    def __str__(self) -> str:
        holder = self.office or self.entity
        return f"{holder} — {self.get_capacity_display()}"


class Profile(models.Model):
    """Where a user works: every action is recorded with this entity and office."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="profile",
        verbose_name=_("user"),
    )
    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name=_("entity"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("office")
    )
    position = models.CharField(_("position"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return f"{self.user} — {self.entity.acronym}"
