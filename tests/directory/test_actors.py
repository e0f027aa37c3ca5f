"""The actors, asserted against the public facts (DOMAIN.md, INEI via fixtures/ubigeo.csv)."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from directory.actors import actors_load
from directory.models import CommissionSeat, Entity, Office
from directory.roles import ROLES

pytestmark = pytest.mark.django_db
Kind = Entity.Kind


def snapshot() -> list[tuple[object, ...]]:
    return [
        *Entity.objects.order_by("code").values_list(),
        *Office.objects.order_by("pk").values_list(),
        *CommissionSeat.objects.order_by("pk").values_list(),
        *Group.objects.order_by("name").values_list("name", "permissions__codename"),
    ]


def test_loading_twice_changes_nothing() -> None:
    first = actors_load()
    assert first.changed
    before = snapshot()
    second = actors_load()
    assert not second.changed
    assert snapshot() == before


def test_the_command_reports_idempotence() -> None:
    call_command("load_actors", stdout=StringIO())
    out = StringIO()
    call_command("load_actors", stdout=out)
    assert "actors: already up to date" in out.getvalue()
    assert "entities: 0 created, 0 updated" in out.getvalue()


def test_counts_match_the_public_facts(actors: None) -> None:
    assert Entity.objects.filter(kind=Kind.MINISTRY).count() == 18
    assert Entity.objects.filter(kind=Kind.PCM).count() == 1
    assert Entity.objects.filter(kind=Kind.REGIONAL_GOVERNMENT).count() == 25
    # Lima Metropolitana has regional functions: 26 recipients of a "to all regions" oficio.
    lima = Entity.objects.get(regional_functions=True)
    assert (lima.name, lima.ubigeo, lima.acronym) == (
        "Municipalidad Metropolitana de Lima",
        "150100",
        "MML",
    )
    assert Entity.objects.filter(kind=Kind.PROVINCIAL_MUNICIPALITY).count() == 196
    # INEI 2025 directory: 1,893 districts, of which 196 are provincial capitals.
    assert Entity.objects.filter(kind=Kind.DISTRICT_MUNICIPALITY).count() == 1697
    assert Entity.objects.filter(kind=Kind.JUDICIARY).count() == 1
    assert Entity.objects.filter(kind=Kind.CONGRESS).count() == 1


def test_municipalities_carry_their_ubigeo(actors: None) -> None:
    huamanga = Entity.objects.get(code="MP-050100")
    assert huamanga.name == "Municipalidad Provincial de Huamanga"
    assert huamanga.department == "Ayacucho"
    assert "INEI" in huamanga.source
    assert not Entity.objects.filter(
        kind=Kind.DISTRICT_MUNICIPALITY, ubigeo__endswith="01"
    ).exists()
    assert Entity.objects.get(code="GR-22").name == "Gobierno Regional de San Martín"
    assert Entity.objects.get(code="GR-07").name == "Gobierno Regional del Callao"


def test_the_commission_of_ds_003_2013_pcm(actors: None) -> None:
    seats = CommissionSeat.objects.select_related("entity", "office")
    titular = seats.filter(capacity="titular")
    assert titular.count() == 10
    assert titular.filter(sector="state").count() == 6
    assert sorted(s.entity.code for s in titular.filter(sector="civil_society")) == [
        "CAD",
        "CPP",
        "PROETICA",
    ]
    assert [s.entity.code for s in titular.filter(sector="business")] == ["CONFIEP"]
    assert [s.entity.code for s in seats.filter(capacity="alterno")] == ["CCL"]
    assert sorted(s.entity.code for s in seats.filter(capacity="observer")) == ["CAN", "CGR", "DP"]
    president = seats.get(function="president")
    assert president.office is not None
    assert (president.entity.code, president.office.code) == ("PCM", "SG")
    secretariat = seats.get(function="technical_secretariat")
    assert secretariat.office is not None
    assert (secretariat.entity.code, secretariat.office.code) == ("PCM", "SGP")


def test_pcm_offices(actors: None) -> None:
    codes = set(Office.objects.filter(entity__code="PCM").values_list("code", flat=True))
    assert {"SG", "SGP", "ONGEI", "OGC", "OGAJ"} <= codes


def test_heads_are_clearly_fictitious_and_mail_cannot_reach_anyone(actors: None) -> None:
    assert not Entity.objects.exclude(head_name__contains=" Demo ").exists()
    assert not Entity.objects.exclude(email__endswith=".example").exists()
    minedu = Entity.objects.get(code="MINEDU")
    assert minedu.head_title in {"Ministro de Educación", "Ministra de Educación"}


def test_roles_are_groups_with_permissions(actors: None) -> None:
    assert Group.objects.count() == len(ROLES) == 10
    secretariat = Group.objects.get(name="Secretaría Técnica")
    perms = set(secretariat.permissions.values_list("codename", flat=True))
    assert {"change_entity", "view_entity"} <= perms
    auditor = Group.objects.get(name="Auditoría")
    assert "change_entity" not in set(auditor.permissions.values_list("codename", flat=True))
