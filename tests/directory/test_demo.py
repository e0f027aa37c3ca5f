from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import override_settings

from directory.demo import DEMO_USERS, demo_password
from directory.roles import ROLES

pytestmark = pytest.mark.django_db


def test_migrations_create_no_users() -> None:
    assert User.objects.count() == 0


def test_one_or_more_demo_users_per_role(demo_users: dict[str, User]) -> None:
    covered = {
        group
        for user in demo_users.values()
        for group in user.groups.values_list("name", flat=True)
    }
    assert covered == {role.group_name for role in ROLES}
    secretaria = demo_users["secretaria"]
    office = secretaria.profile.office
    assert office is not None
    assert (secretaria.profile.entity.code, office.code) == ("PCM", "SGP")
    assert " Demo " in secretaria.get_full_name()
    assert secretaria.check_password(demo_password())


def test_the_command_prints_the_logins(actors: None) -> None:
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert demo_password() in out.getvalue()
    for demo in DEMO_USERS:
        assert demo.username in out.getvalue()
    call_command("load_demo", stdout=StringIO())
    assert User.objects.count() == len(DEMO_USERS)


@override_settings(PRODUCTION=True)
def test_refused_in_production(actors: None) -> None:
    with pytest.raises(CommandError, match="no se crean en producción"):
        call_command("load_demo", stdout=StringIO())
    assert User.objects.count() == 0
