"""Clearly fictitious names for entity heads and demo users.

Every surname pair contains "Demo", so no generated name can be mistaken for a
real official.
"""

from __future__ import annotations

import hashlib

FEMALE = ("Ana", "Carmen", "Rosa", "Lucía", "María", "Elena", "Julia", "Teresa", "Sofía", "Inés")
MALE = ("Jorge", "Luis", "Carlos", "José", "Miguel", "Pedro", "Raúl", "Víctor", "Andrés", "Hugo")
SURNAMES = (
    "Quispe", "Huamán", "Flores", "Mamani", "Rojas", "Vargas", "Chávez", "Ramos", "Torres",
    "Castillo", "Mendoza", "Paredes", "Salazar", "Cárdenas", "Gutiérrez", "Ccahuana",
)  # fmt: skip

FEMININE_TITLES = {
    "Ministro": "Ministra",
    "Presidente": "Presidenta",
    "Secretario": "Secretaria",
    "Jefe": "Jefa",
    "Alcalde": "Alcaldesa",
    "Gobernador": "Gobernadora",
    "Director": "Directora",
    "Contralor": "Contralora",
    "Defensor": "Defensora",
    "Coordinador": "Coordinadora",
}


def fictitious_person(seed: str) -> tuple[str, bool]:
    """A stable fictitious full name for ``seed``, and whether it is female."""
    digest = hashlib.sha256(seed.encode()).digest()
    female = digest[0] % 2 == 0
    first = (FEMALE if female else MALE)[digest[1] % 10]
    surname = SURNAMES[digest[2] % len(SURNAMES)]
    return f"{first} Demo {surname}", female


def gendered_title(title: str, *, female: bool) -> str:
    if not female:
        return title
    first, _, rest = title.partition(" ")
    feminine = FEMININE_TITLES.get(first, first)
    return f"{feminine} {rest}".strip()
