"""Print a user's API token, creating it if needed (``--reset`` replaces it)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Imprime el token de API de un usuario (lo crea si no existe; --reset lo reemplaza)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--reset", action="store_true", help="revoca el token y crea otro")

    def handle(self, *args: Any, username: str, reset: bool, **options: Any) -> None:
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No existe un usuario activo «{username}».")
        with transaction.atomic():  # the token and its audit entry, or neither
            if reset:
                for token in Token.objects.filter(user=user):
                    token.delete()
            token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
