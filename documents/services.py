"""Writes of the documents app: template versions and generated documents."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max

from audit.checkpoints import latest_checkpoint
from audit.services import audit_record
from core.jobs import job_enqueue
from documents.context import common_context, new_verification_code, qr_images
from documents.models import GeneratedDocument, TemplateVersion
from documents.registry import context_errors, get_kind, kinds
from documents.rendering import render_docx
from documents.validation import template_problems


class TemplateRejected(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class InvalidContext(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _store(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def template_register(
    *, kind: str, data: bytes, source: str = TemplateVersion.Source.UPLOADED, user: Any = None
) -> TemplateVersion:
    """Validate ``data`` and make it ``kind``'s active template. A refused file is
    not stored and the previous version stays active."""
    problems = template_problems(get_kind(kind), data)
    if problems:
        raise TemplateRejected(problems)
    digest = sha256(data)
    # The file is written before the row; if the row cannot be written, the file goes.
    name = _store(f"plantillas/{kind}-{digest[:16]}.docx", data)
    try:
        with transaction.atomic():
            current = TemplateVersion.objects.select_for_update().filter(kind=kind)
            number = (current.aggregate(last=Max("version"))["last"] or 0) + 1
            current.filter(is_active=True).update(is_active=False)
            version = TemplateVersion.objects.create(
                kind=kind, version=number, file=name, sha256=digest, source=source,
                is_active=True, uploaded_by=user,
            )  # fmt: skip
            audit_record(
                action="template.activate", object_type="document", object_id=f"{kind}/v{number}",
                object_repr=f"{kind} v{number}", to_state="active",
                payload={"sha256": digest, "source": source},
            )  # fmt: skip
    except Exception:
        default_storage.delete(name)
        raise
    return version


def templates_load_shipped() -> list[TemplateVersion]:
    """Register the shipped template of each kind unless that exact file is known."""
    loaded = []
    for kind in kinds().values():
        data = kind.shipped_template.read_bytes()
        if not TemplateVersion.objects.filter(kind=kind.code, sha256=sha256(data)).exists():
            loaded.append(
                template_register(kind=kind.code, data=data, source=TemplateVersion.Source.SHIPPED)
            )
    return loaded


def active_template(kind: str) -> TemplateVersion:
    return TemplateVersion.objects.get(kind=kind, is_active=True)


@dataclass(frozen=True)
class Letterhead:
    """Who issues the document, where and when, and who signs it."""

    entity: dict[str, str]
    office: dict[str, str]
    place: str
    on: date
    signers: list[dict[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Rendered:
    template: TemplateVersion
    context: dict[str, Any]
    docx: bytes
    code: str

    def __iter__(self) -> Any:
        return iter((self.template, self.context, self.docx, self.code))


def render_for(*, kind: str, data: dict[str, Any], letterhead: Letterhead, number: str) -> Rendered:
    """Validate ``data`` against the kind's schema and render with the active template."""
    problems = context_errors(get_kind(kind).fields, data)
    if problems:
        raise InvalidContext(problems)
    template = active_template(kind)
    checkpoint = latest_checkpoint()
    code = new_verification_code()
    context = {
        **common_context(
            entity=letterhead.entity, office=letterhead.office, number=number,
            place=letterhead.place, on=letterhead.on, signers=letterhead.signers, code=code,
            checkpoint={"seq": checkpoint.seq, "hash": checkpoint.hash} if checkpoint else None,
        ),
    }  # fmt: skip
    context = {**data, **context}  # the service's own keys cannot be overridden
    docx = render_docx(_template_bytes(template), context, images=qr_images(context))
    return Rendered(template, context, docx, code)


_template_files: dict[tuple[int, str], bytes] = {}


def _template_bytes(template: TemplateVersion) -> bytes:
    """A version's file never changes (its hash is recorded): read it once per process."""
    key = (template.pk, template.sha256)
    if key not in _template_files:
        with template.file.open("rb") as handle:
            data = handle.read()
        if sha256(data) != template.sha256:
            return data  # not the recorded file: use it, but do not keep it
        if len(_template_files) > 32:
            _template_files.clear()
        _template_files[key] = data
    return _template_files[key]


def document_generate(
    *,
    kind: str,
    key: str,
    title: str,
    data: dict[str, Any],
    letterhead: Letterhead,
    number: str = "",
    actor: Any = None,
    signer_ids: list[int] | None = None,
) -> GeneratedDocument:
    """Render, hash and store one document; the same ``key`` twice gives one document.

    The PDF rendition follows in the background (documents.jobs).
    """
    existing = GeneratedDocument.objects.filter(key=key).first()
    if existing is not None:
        return existing
    template, context, docx, code = render_for(
        kind=kind, data=data, letterhead=letterhead, number=number
    )
    digest = sha256(docx)
    name = _store(f"documentos/{letterhead.on.year}/{code}.docx", docx)
    try:
        document = _record(
            kind, key, title, number, template, context, name, digest, code, actor, signer_ids or []
        )
    except IntegrityError:
        # Another request generated the same key first: keep theirs, drop our file.
        default_storage.delete(name)
        return GeneratedDocument.objects.get(key=key)
    except Exception:
        default_storage.delete(name)
        raise
    return document


def _record(
    kind: str, key: str, title: str, number: str, template: TemplateVersion,
    context: dict[str, Any], name: str, digest: str, code: str, actor: Any, signer_ids: list[int],
) -> GeneratedDocument:  # fmt: skip
    with transaction.atomic():
        checkpoint = context["checkpoint"] or {}
        document = GeneratedDocument.objects.create(
            key=key, kind=kind, title=title, number=number, template=template, context=context,
            docx=name, docx_sha256=digest, verification_code=code, signer_ids=signer_ids,
            checkpoint_seq=checkpoint.get("seq"), checkpoint_hash=checkpoint.get("hash", ""),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )  # fmt: skip
        audit_record(
            action="document.generate", object_type="document", object_id=document.pk,
            object_repr=str(document), to_state=document.pdf_state,
            payload={"kind": kind, "docx_sha256": digest, "template": str(template),
                     "verification_code": code},
        )  # fmt: skip
        job_enqueue(kind="documents.convert_pdf", key=f"pdf:{document.pk}",
                    payload={"document": document.pk})  # fmt: skip
    return document
