"""Numbering of official documents (oficios, informes, resoluciones)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.models import Entity, Office

DEFAULT_PATTERN = "{tipo} N° {correlativo:04d}-{anio}-{entidad}/{unidad}"
DEFAULT_PATTERN_WITHOUT_OFFICE = "{tipo} N° {correlativo:03d}-{anio}-{entidad}"


class NumberPattern(models.Model):
    """How an entity writes the number of a document type, e.g.
    ``{tipo} N° {correlativo:04d}-{anio}-{entidad}/{unidad}`` → OFICIO N° 0045-2014-PCM/SGP."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, verbose_name=_("entity"))
    document_type = models.CharField(_("document type"), max_length=60)
    pattern = models.CharField(_("pattern"), max_length=120)

    class Meta:
        verbose_name = _("numbering pattern")
        verbose_name_plural = _("numbering patterns")
        constraints = [
            models.UniqueConstraint(fields=["entity", "document_type"], name="corr_pattern_unique")
        ]

    def __str__(self) -> str:
        return f"{self.entity.acronym} {self.document_type}: {self.pattern}"


class NumberCounter(models.Model):
    """The last number issued per office (or entity), document type and year."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, verbose_name=_("entity"))
    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("office")
    )
    # The office's code, or "" for entity-wide series: unique even where office is null.
    scope = models.CharField(_("scope"), max_length=40, blank=True)
    document_type = models.CharField(_("document type"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["entity", "scope", "document_type", "year"], name="corr_counter_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document_type} {self.year} {self.entity.acronym}: {self.last}"
