"""Numbers are correlative per office, type and year, gap-free, and given back on rollback."""

from __future__ import annotations

import pytest
from django.db import transaction

from correspondence.models import NumberPattern
from correspondence.numbering import number_allocate
from directory.models import Entity, Office

pytestmark = pytest.mark.django_db


def allocate(document_type: str = "OFICIO", year: int = 2014, office: str | None = "SGP") -> str:
    pcm = Entity.objects.get(code="PCM")
    unit = Office.objects.get(entity=pcm, code=office) if office else None
    with transaction.atomic():
        return number_allocate(entity=pcm, office=unit, document_type=document_type, year=year).text


def test_correlative_per_office_type_and_year(actors: None) -> None:
    assert [allocate() for _ in range(3)] == [
        "OFICIO N° 0001-2014-PCM/SGP", "OFICIO N° 0002-2014-PCM/SGP", "OFICIO N° 0003-2014-PCM/SGP",
    ]  # fmt: skip
    assert allocate(office="SG") == "OFICIO N° 0001-2014-PCM/SG"
    assert allocate(document_type="OFICIO MÚLTIPLE") == "OFICIO MÚLTIPLE N° 0001-2014-PCM/SGP"
    assert allocate(year=2015) == "OFICIO N° 0001-2015-PCM/SGP"
    assert allocate() == "OFICIO N° 0004-2014-PCM/SGP"


def test_entity_wide_series_and_configured_pattern(actors: None) -> None:
    pcm = Entity.objects.get(code="PCM")
    NumberPattern.objects.create(
        entity=pcm,
        document_type="RESOLUCIÓN MINISTERIAL",
        pattern="{tipo} N° {correlativo:03d}-{anio}-{entidad}",
    )
    assert (
        allocate("RESOLUCIÓN MINISTERIAL", office=None) == "RESOLUCIÓN MINISTERIAL N° 001-2014-PCM"
    )
    assert (
        allocate("RESOLUCIÓN MINISTERIAL", office=None) == "RESOLUCIÓN MINISTERIAL N° 002-2014-PCM"
    )


def test_a_failure_after_allocation_gives_the_number_back(actors: None) -> None:
    assert allocate() == "OFICIO N° 0001-2014-PCM/SGP"
    with pytest.raises(RuntimeError), transaction.atomic():
        pcm = Entity.objects.get(code="PCM")
        sgp = Office.objects.get(entity=pcm, code="SGP")
        taken = number_allocate(entity=pcm, office=sgp, document_type="OFICIO", year=2014)
        assert taken.value == 2
        raise RuntimeError("la firma falló después de numerar")
    assert allocate() == "OFICIO N° 0002-2014-PCM/SGP"
