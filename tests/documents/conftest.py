from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings
from docx import Document


@pytest.fixture
def media(tmp_path: Path) -> Iterator[Path]:
    """Files go to a folder of the test's own, so that orphans can be counted."""
    root = tmp_path / "media"
    root.mkdir()
    with override_settings(MEDIA_ROOT=root):
        yield root


def stored_files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


@pytest.fixture
def templates(db: None, media: Path) -> None:
    from documents.services import templates_load_shipped

    templates_load_shipped()


def docx_with(*paragraphs: str) -> bytes:
    """A minimal .docx whose body holds ``paragraphs`` (for hostile templates)."""
    doc = Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
