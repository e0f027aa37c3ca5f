"""Demo users, one or more per role (development only, never created by migrations)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from directory import roles
from directory.models import Entity, Office, Profile
from directory.names import fictitious_person


@dataclass(frozen=True)
class DemoUser:
    username: str
    roles: tuple[roles.Role, ...]
    entity: str
    office: str
    position: str


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("presidencia", (roles.COMMISSION_PRESIDENT,), "PCM", "SG", "Secretario General"),
    DemoUser("secretaria", (roles.TECHNICAL_SECRETARIAT,), "PCM", "SGP", "Especialista"),
    DemoUser("secretaria2", (roles.TECHNICAL_SECRETARIAT,), "PCM", "SGP", "Especialista"),
    DemoUser("firmante", (roles.SIGNER,), "PCM", "SGP", "Secretario de Gestión Pública"),
    DemoUser(
        "asesoria", (roles.SIGNER, roles.LEGAL_ADVISORY), "PCM", "OGAJ", "Jefe de Asesoría Jurídica"
    ),
    DemoUser("altadireccion", (roles.SENIOR_MANAGEMENT, roles.SIGNER), "PCM", "DM", "Despacho"),
    DemoUser("miembro_minjus", (roles.COMMISSION_MEMBER,), "MINJUS", "", "Representante"),
    DemoUser("miembro_proetica", (roles.COMMISSION_MEMBER,), "PROETICA", "", "Representante"),
    DemoUser("observador", (roles.OBSERVER,), "DP", "", "Representante"),
    DemoUser("enlace_minedu", (roles.ENTITY_LIAISON,), "MINEDU", "", "Enlace"),
    DemoUser("enlace_ayacucho", (roles.ENTITY_LIAISON,), "GR-05", "", "Enlace"),
    DemoUser("moderacion", (roles.MODERATOR,), "PCM", "SGP", "Moderador de la consulta"),
    DemoUser("auditoria", (roles.AUDITOR,), "PCM", "OCI", "Auditor"),
)


class DemoRefused(Exception):
    pass


def demo_password() -> str:
    """One password for every demo user: ``DEMO_PASSWORD`` or one generated into var/."""
    if os.environ.get("DEMO_PASSWORD"):
        return os.environ["DEMO_PASSWORD"]
    path = settings.VAR_DIR / "demo_password"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(9))
        path.chmod(0o600)
    return path.read_text().strip()


@transaction.atomic
def demo_users_load() -> list[str]:
    """Create or refresh the demo users; returns their usernames."""
    if settings.PRODUCTION:
        raise DemoRefused("Los usuarios de demostración no se crean en producción.")
    password = demo_password()
    user_model = get_user_model()
    for demo in DEMO_USERS:
        full_name, _female = fictitious_person(f"user:{demo.username}")
        first, last = full_name.split(" ", 1)
        user, _created = user_model.objects.get_or_create(username=demo.username)
        user.first_name, user.last_name = first, last
        user.email = f"{demo.username}@usuarios.example"
        user.is_active = True
        if not user.check_password(password):
            user.set_password(password)
        user.save()
        user.groups.set(Group.objects.filter(name__in=[r.group_name for r in demo.roles]))
        entity = Entity.objects.get(code=demo.entity)
        office = Office.objects.get(entity=entity, code=demo.office) if demo.office else None
        Profile.objects.update_or_create(
            user=user, defaults={"entity": entity, "office": office, "position": demo.position}
        )
    return [demo.username for demo in DEMO_USERS]
