"""Every string a user reads is in the Spanish catalogue, and the compiled file matches."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
ENTRY = re.compile(r'^msgid "((?:[^"\\]|\\.)+)"\nmsgstr "((?:[^"\\]|\\.)*)"', re.MULTILINE)


def entries(language: str) -> list[tuple[str, str]]:
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    return ENTRY.findall(text)


def test_spanish_catalogue_is_complete_and_compiled() -> None:
    pairs = entries("es")
    assert len(pairs) > 50
    untranslated = [msgid for msgid, msgstr in pairs if not msgstr]
    assert untranslated == []
    compiled = gettext.GNUTranslations((LOCALE / "es" / "LC_MESSAGES" / "django.mo").open("rb"))
    stale = [msgid for msgid, msgstr in pairs if compiled.gettext(msgid) != msgstr]
    assert stale == [], "run `make messages`"


def test_english_catalogue_has_the_same_messages() -> None:
    assert {m for m, _ in entries("en")} == {m for m, _ in entries("es")}


def test_runtime_language_switch() -> None:
    with translation.override("es-pe"):
        assert translation.gettext("Inbox") == "Bandeja de entrada"
    with translation.override("en"):
        assert translation.gettext("Inbox") == "Inbox"
