"""Spanish throughout: no English message of ours, nor of the framework, on a page."""

from __future__ import annotations

import gettext
import re
from functools import lru_cache
from typing import Any

from django.conf import settings

# Words of the framework's own English interface that must not reach a Spanish page.
FRAMEWORK_ENGLISH = re.compile(
    r"\b(Artifact|Execute|Assign|Unassign|Inbox|Queue|Archive|Created|Finished|Status|Process|"
    r"Task|Overdue|Due|Logout|Log out|Submit|Save|Cancel|Delete|Search|Filter|Page not found|"
    r"Server Error|Forbidden)\b"
)


@lru_cache(maxsize=1)
def english_phrases() -> frozenset[str]:
    """Our catalogue's English messages of two words or more that Spanish translates."""
    mo = settings.BASE_DIR / "locale" / "es" / "LC_MESSAGES" / "django.mo"
    with mo.open("rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    return frozenset(
        msgid for msgid, msgstr in catalog.items()
        if isinstance(msgid, str) and msgid != msgstr and "%" not in msgid and "{" not in msgid
        and len(msgid.split()) >= 2 and msgid.strip() and "\n" not in msgid
    )  # fmt: skip


def spanish_only(page: Any) -> None:
    """The visible text of ``page`` has none of our English messages, nor the framework's."""
    text = page.inner_text("body")
    english = sorted(p for p in english_phrases() if p in text)
    english += FRAMEWORK_ENGLISH.findall(text)
    assert not english, f"texto en inglés en {page.url}: {english}"
