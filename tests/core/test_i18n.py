"""Every string a user reads is in the Spanish catalogue, and the compiled file matches."""

from __future__ import annotations

import ast
import gettext
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def entries(language: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of a .po file, continuation lines joined; for a plural entry,
    the msgid is "singular\x00plural" and the msgstr the singular's translation."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    pairs: list[tuple[str, str]] = []
    current: dict[str, str] = {}
    key = ""
    for line in [*text.splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgstr[")):
            key, _, literal = line.partition(" ")
            key = {"msgstr[0]": "msgstr"}.get(key, key)
            if key == "msgid" and current:
                pairs.append(_pair(current))
                current = {}
            current[key] = ast.literal_eval(literal)
        elif line.startswith('"') and key:
            current[key] += ast.literal_eval(line)
        elif not line.strip() and current.get("msgid"):
            pairs.append(_pair(current))
            current, key = {}, ""
    return [(msgid, msgstr) for msgid, msgstr in pairs if msgid]


def _pair(entry: dict[str, str]) -> tuple[str, str]:
    msgid = entry["msgid"]
    if "msgid_plural" in entry:
        msgid = f"{msgid}\x00{entry['msgid_plural']}"
    return msgid, entry.get("msgstr", "")


def _compiled(catalogue: gettext.GNUTranslations, msgid: str) -> str:
    if "\x00" in msgid:
        singular, plural = msgid.split("\x00")
        return catalogue.ngettext(singular, plural, 1)
    return catalogue.gettext(msgid)


def test_spanish_catalogue_is_complete_and_compiled() -> None:
    pairs = entries("es")
    assert len(pairs) > 50
    untranslated = [msgid for msgid, msgstr in pairs if not msgstr]
    assert untranslated == []
    compiled = gettext.GNUTranslations((LOCALE / "es" / "LC_MESSAGES" / "django.mo").open("rb"))
    stale = [msgid for msgid, msgstr in pairs if _compiled(compiled, msgid) != msgstr]
    assert stale == [], "run `make messages`"


def test_english_catalogue_has_the_same_messages() -> None:
    assert {m for m, _ in entries("en")} == {m for m, _ in entries("es")}


def test_runtime_language_switch() -> None:
    with translation.override("es-pe"):
        assert translation.gettext("Inbox") == "Bandeja de entrada"
    with translation.override("en"):
        assert translation.gettext("Inbox") == "Inbox"


@pytest.mark.django_db
def test_spanish_by_default_english_on_request(client: object) -> None:
    from django.test import Client

    assert isinstance(client, Client)
    page = client.get("/transparencia/auditoria", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Puntos de control del registro de auditoría" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/transparencia/auditoria"})
    assert "Audit log checkpoints" in client.get("/transparencia/auditoria").content.decode()
