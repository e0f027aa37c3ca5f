"""Correlative, gap-free numbers, allocated in the transaction that issues the document.

A number is taken with one ``UPDATE … SET last = last + 1``: the row stays locked
until the transaction ends, so concurrent signers queue, and a transaction that
fails after taking a number gives it back by rolling back. Drafts never take one
(the number belongs to the signing transaction).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from correspondence.models import (
    DEFAULT_PATTERN,
    DEFAULT_PATTERN_WITHOUT_OFFICE,
    NumberCounter,
    NumberPattern,
)
from directory.models import Entity, Office


@dataclass(frozen=True)
class Number:
    value: int
    text: str


def _counter_id(entity: Entity, office: Office | None, document_type: str, year: int) -> int:
    scope = office.code if office else ""
    lookup = {"entity": entity, "scope": scope, "document_type": document_type, "year": year}
    existing = NumberCounter.objects.filter(**lookup).values_list("pk", flat=True).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():  # a savepoint: losing the race must not spoil the caller
            return NumberCounter.objects.create(office=office, **lookup).pk
    except IntegrityError:
        return NumberCounter.objects.get(**lookup).pk


def number_format(
    *, entity: Entity, office: Office | None, document_type: str, year: int, value: int
) -> str:
    rule = NumberPattern.objects.filter(entity=entity, document_type=document_type).first()
    pattern = (
        rule.pattern if rule else (DEFAULT_PATTERN if office else DEFAULT_PATTERN_WITHOUT_OFFICE)
    )
    return pattern.format(
        tipo=document_type, correlativo=value, anio=year, entidad=entity.acronym,
        unidad=office.acronym if office else "",
    )  # fmt: skip


def number_allocate(
    *, entity: Entity, office: Office | None, document_type: str, year: int
) -> Number:
    """The next number; call it inside the transaction that issues the document."""
    if not connection.in_atomic_block:
        raise RuntimeError("number_allocate must run inside the issuing transaction")
    pk = _counter_id(entity, office, document_type, year)
    NumberCounter.objects.filter(pk=pk).update(last=F("last") + 1)
    value = NumberCounter.objects.values_list("last", flat=True).get(pk=pk)
    text = number_format(
        entity=entity, office=office, document_type=document_type, year=year, value=value
    )
    return Number(value, text)


def number_reserve(
    *, entity: Entity, office: Office | None, document_type: str, year: int, count: int
) -> list[Number]:
    """``count`` consecutive numbers at once, for a batch signed in one act (mail merge).

    Same rules as :func:`number_allocate`: call it inside the transaction that creates
    what holds the numbers, so a failure gives them all back. One ``UPDATE`` takes the
    whole block, so concurrent signers never interleave with it.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("number_reserve must run inside the issuing transaction")
    if count <= 0:
        return []
    pk = _counter_id(entity, office, document_type, year)
    NumberCounter.objects.filter(pk=pk).update(last=F("last") + count)
    last = NumberCounter.objects.values_list("last", flat=True).get(pk=pk)
    rule = NumberPattern.objects.filter(entity=entity, document_type=document_type).first()
    pattern = (
        rule.pattern if rule else (DEFAULT_PATTERN if office else DEFAULT_PATTERN_WITHOUT_OFFICE)
    )
    unit = office.acronym if office else ""
    return [
        Number(value, pattern.format(tipo=document_type, correlativo=value, anio=year,
                                     entidad=entity.acronym, unidad=unit))
        for value in range(last - count + 1, last + 1)
    ]  # fmt: skip
