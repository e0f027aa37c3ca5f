"""Documents: generation through the service, PDF conversion and PAdES signing.

Every figure has its baseline measured in the same run: raw docxtpl for generation, a
cold ``soffice`` per document for conversion, and pyHanko's stock PKCS#12 signer (key
reloaded per document) for signing.
"""

from __future__ import annotations

import dataclasses
import io
import logging
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.test import override_settings
from docxtpl import DocxTemplate
from jinja2 import Environment

from audit.checkpoints import latest_checkpoint
from benchmarks.harness import Figure, timed
from core.models import Job
from documents.context import common_context, new_verification_code, qr_images
from documents.conversion import converter_port, docx_to_pdf
from documents.filters import FILTERS
from documents.models import GeneratedDocument
from documents.registry import get_kind
from documents.services import Letterhead, document_generate, templates_load_shipped

DOCUMENTS, COLD, WARM, SIGNATURES = 1_000, 20, 50, 100
UNOSERVER_SH = Path(__file__).resolve().parent.parent / "tools" / "unoserver.sh"
LETTERHEAD = Letterhead(
    entity={"name": "Presidencia del Consejo de Ministros", "acronym": "PCM"},
    office={"name": "Secretaría de Gestión Pública", "acronym": "SGP"},
    place="Lima", on=date(2014, 1, 20),
    signers=[{"name": "Ana Demo Quispe", "position": "Secretaria", "entity": "PCM"}],
)  # fmt: skip


def _number(i: int) -> str:
    return f"OFICIO N° {i:04d}-2014-PCM/SGP"


# --- 1. generation ----------------------------------------------------------------------


def _raw_render(
    path: Path, env: Environment, data: dict[str, Any], checkpoint: Any, i: int
) -> bytes:
    """What the service renders, done the plain docxtpl way (no sandbox, no caches)."""
    context = {
        **common_context(
            entity=LETTERHEAD.entity, office=LETTERHEAD.office, number=_number(i),
            place=LETTERHEAD.place, on=LETTERHEAD.on, signers=LETTERHEAD.signers,
            code=new_verification_code(),
            checkpoint={"seq": checkpoint.seq, "hash": checkpoint.hash} if checkpoint else None,
        ),
        **data,
    }  # fmt: skip
    doc = DocxTemplate(path)
    doc.render({**context, **qr_images(context)(doc)}, jinja_env=env)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _service(data: dict[str, Any], i: int, prefix: str = "bench:oficio") -> GeneratedDocument:
    return document_generate(kind="oficio", key=f"{prefix}:{i}", title=f"Oficio {i}",
                             data=data, letterhead=LETTERHEAD, number=_number(i))  # fmt: skip


@contextmanager
def _no_task_execution() -> Iterator[None]:
    """PDF jobs are queued (a row plus a wake-up on the broker) but never run here."""
    from config.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        yield
    finally:
        app.conf.task_always_eager = eager


def generation(count: int, db: str) -> Figure:
    templates_load_shipped()
    kind = get_kind("oficio")
    data = dict(kind.sample)
    env = Environment(autoescape=True)  # the plain docxtpl baseline
    env.filters.update(FILTERS)
    checkpoint = latest_checkpoint()  # the service reads it per document; raw once
    warm = 5
    for i in range(warm):  # imports, caches and the first database pages on both sides
        _raw_render(kind.shipped_template, env, data, checkpoint, i)
    with _no_task_execution():
        for i in range(warm):
            _service(data, i, prefix="bench:warm-up")
        raw_seconds, _ = timed(
            lambda: [
                _raw_render(kind.shipped_template, env, data, checkpoint, i) for i in range(count)
            ]
        )
        service_seconds, _ = timed(lambda: [_service(data, i) for i in range(count)])
    jobs = Job.objects.filter(kind="documents.convert_pdf")
    assert GeneratedDocument.objects.count() == count + warm
    assert jobs.count() == count + warm
    assert not jobs.exclude(state=Job.State.PENDING).exists(), "a PDF job ran"
    return Figure(
        f"documents: {count:,} oficios through the full service ({db})", count / service_seconds,
        "/s", f"raw docxtpl rendering of the same {count:,}", count / raw_seconds,
        target="≥ 0.80 (service time ≤ 1.25 × raw time)",
        detail=f"service {service_seconds * 1000 / count:.1f} ms/doc, "
               f"raw {raw_seconds * 1000 / count:.1f} ms/doc; PDF jobs queued, not run",
    )  # fmt: skip


# --- 2. conversion ----------------------------------------------------------------------


def _unoserver(action: str, port: int, state: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "UNOSERVER_STATE": str(state)}
    return subprocess.run([str(UNOSERVER_SH), action, str(port)], env=env, text=True,
                          capture_output=True, timeout=300, check=False)  # fmt: skip


def _per_doc_ms(docs: list[bytes]) -> tuple[float, list[bytes]]:
    seconds, pdfs = timed(lambda: [docx_to_pdf(d) for d in docs])
    assert all(p.startswith(b"%PDF-") for p in pdfs)
    return seconds * 1000 / len(docs), pdfs


def conversion(docs: list[bytes], cold: int, warm: int, db: str) -> tuple[list[Figure], bytes]:
    with override_settings(UNOSERVER_ADDRESS=""):
        docx_to_pdf(docs[0])  # creates this process's LibreOffice profile, as in production
        cold_ms, pdfs = _per_doc_ms(docs[:cold])
    cold_only = Figure(
        f"documents: PDF conversion per document, cold soffice ({db})", cold_ms, "ms",
        detail=f"{cold} documents; no warm unoserver in this run",
    )  # fmt: skip
    try:
        import unoserver.client  # noqa: F401
    except ImportError:
        print("documents: the unoserver client is not installed; warm figure skipped")
        return [cold_only], pdfs[0]
    state = Path(settings.VAR_DIR) / "unoserver"
    port = converter_port()
    client_log = logging.getLogger("unoserver")
    level = client_log.level
    client_log.setLevel(logging.WARNING)  # the client logs three INFO lines per call
    started = _unoserver("start", port, state)
    try:
        if started.returncode != 0:
            print(f"documents: unoserver did not start: {started.stderr or started.stdout}")
            return [cold_only], pdfs[0]
        with override_settings(UNOSERVER_ADDRESS=f"127.0.0.1:{port}"):
            docx_to_pdf(docs[0])  # the first conversion of a fresh LibreOffice loads filters
            warm_ms, _ = _per_doc_ms(docs[:warm])
    finally:
        client_log.setLevel(level)
        _unoserver("stop", port, state)
    figure = Figure(
        f"documents: PDF conversion per document, warm unoserver ({db})", warm_ms, "ms",
        "cold soffice per document", cold_ms,
        target="one server per worker core; DESIGN: ~160 ms vs ~1 s",
        detail=f"{warm} documents warm, {cold} cold; one conversion at a time",
    )  # fmt: skip
    return [figure], pdfs[0]


# --- 3. signing -------------------------------------------------------------------------


def signing(pdf: bytes, count: int, db: str) -> Figure:
    from pyhanko.sign.signers import SimpleSigner

    from documents.pki import issue_signer, make_demo_ca
    from documents.signing import load_signer, sign_pdf

    password = "bench-secret"  # noqa: S105
    p12 = issue_signer(make_demo_ca(), name="Ana Demo Quispe", position="Secretaria",
                       email="ana@example.org", password=password)  # fmt: skip
    loaded = load_signer(p12, password)

    def reloaded() -> Any:
        stock = SimpleSigner.load_pkcs12(str(p12_path), passphrase=password.encode())
        assert stock is not None
        return dataclasses.replace(loaded, signer=stock)

    def sign(signer: Any) -> bytes:
        return sign_pdf(pdf, signer, name="Ana Demo Quispe", position="Secretaria")

    with tempfile.TemporaryDirectory() as tmp:
        p12_path = Path(tmp) / "firma.p12"
        p12_path.write_bytes(p12)
        sign(loaded), sign(reloaded())  # warm-up
        once, _ = timed(lambda: [sign(loaded) for _ in range(count)])
        again, _ = timed(lambda: [sign(reloaded()) for _ in range(count)])
    return Figure(
        f"documents: PAdES signature per document, key loaded once ({db})", once * 1000 / count,
        "ms", "pyHanko SimpleSigner.load_pkcs12 + sign per document (key reloaded)",
        again * 1000 / count, target="≤ 40 ms",
        detail=f"{count} signatures of a {len(pdf) // 1024} KB one-page PDF, RSA, B-B",
    )  # fmt: skip


def run(*, scale: float) -> list[Figure]:
    db = connection.vendor
    count = max(50, int(DOCUMENTS * scale))
    cold, warm = max(3, int(COLD * scale)), max(5, int(WARM * scale))
    print(f"documents: generating {count:,} oficios (service and raw docxtpl)…", flush=True)
    figures = [generation(count, db)]
    docs = []
    for document in GeneratedDocument.objects.filter(key__startswith="bench:oficio:")[:warm]:
        with document.docx.open("rb") as handle:
            docs.append(handle.read())
    print(f"documents: converting {cold} cold and {warm} warm…", flush=True)
    converted, pdf = conversion(docs, cold, warm, db)
    figures += converted
    print("documents: signing…", flush=True)
    figures.append(signing(pdf, max(10, int(SIGNATURES * scale)), db))
    return figures
