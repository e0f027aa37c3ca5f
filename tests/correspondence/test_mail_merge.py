"""Mail merge: N individual oficios, numbered and signed in the background, resumable."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from audit.verification import verify_database
from core.jobs import job_claim, job_run, jobs_sweep
from core.models import Job
from correspondence.dispatching import oficio_sign
from correspondence.merge import (
    mail_merge_cancel,
    mail_merge_retry_failed,
    mail_merge_start,
    merge_progress,
)
from correspondence.models import MailMergeItem, Oficio
from correspondence.services import CorrespondenceError, oficio_create, oficio_route
from directory.models import Entity
from documents.signatures import signer_load
from documents.signing import SigningError
from tests.correspondence.conftest import PASSWORD, run_jobs

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def approved(pki: dict[str, User], templates: None) -> Oficio:
    recipients = list(Entity.objects.filter(code__in=["MINEDU", "MINSA", "MEF", "MTC"]))
    model = oficio_create(
        author=pki["secretaria"], kind=Oficio.Kind.MERGE, subject="Designación de enlaces",
        body=["Solicito designar un enlace institucional."], references=[], recipients=recipients,
        reviewers=[], signer=pki["firmante"],
    )  # fmt: skip
    return oficio_route(oficio=model, actor=pki["secretaria"])


def test_each_recipient_gets_its_own_numbered_signed_oficio(
    approved: Oficio, pki: dict[str, User], client: Client
) -> None:
    with pytest.raises(SigningError, match="contraseña"):
        mail_merge_start(
            model=approved, actor=pki["firmante"], password="mala", position="Secretario"
        )
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    assert merge_progress(merge).percent == 0
    client.force_login(pki["secretaria"])
    assert (
        client.get(f"/correspondence/combinacion/{merge.pk}/progreso").json()["finished"] is False
    )
    run_jobs()
    progress = merge_progress(merge)
    assert (progress.done, progress.failed, progress.finished) == (4, 0, True)
    oficios = [
        item.oficio
        for item in merge.items.select_related("oficio", "entity").order_by("oficio__number")
    ]
    numbers = [o.number for o in oficios]  # type: ignore[union-attr]
    assert [n.split(" ")[2][:4] for n in numbers] == ["0001", "0002", "0003", "0004"]
    for item in merge.items.select_related("oficio__document", "entity"):
        context = item.oficio.document.context  # type: ignore[union-attr]
        assert (
            context["recipient"]["name"] == item.entity.head_name
        )  # addressed to the head by name
        assert item.oficio.document.signatures.count() == 1  # type: ignore[union-attr]
    merge.refresh_from_db()
    assert bytes(merge.secret) == b"" and merge.finished_at is not None  # the password is gone
    page = client.get(f"/correspondence/combinacion/{merge.pk}/").content.decode()
    assert "4 de 4 oficios emitidos, 0 fallidos." in page
    out = StringIO()
    call_command("mail_merge", str(merge.pk), stdout=out)
    assert "4/4 (100 %): 4 emitidos, 0 fallidos" in out.getvalue()


def test_a_crashed_worker_and_a_repeated_message_make_no_duplicates(
    approved: Oficio, pki: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("core.tasks.run_job_task.delay", lambda job_id: None)
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    job = Job.objects.filter(kind="correspondence.merge_item").order_by("pk").first()
    assert job is not None
    assert job_claim(job.pk) is not None  # a worker takes it… and is killed (-9): nothing committed
    Job.objects.filter(pk=job.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    Job.objects.filter(kind="correspondence.merge_item").update(
        last_sent_at=timezone.now() - timedelta(minutes=5)
    )
    assert jobs_sweep() >= 1
    run_jobs()
    assert job_run(job.pk) == "skipped"  # the same message delivered again
    assert Oficio.objects.filter(kind=Oficio.Kind.OFICIO).count() == 4
    assert merge_progress(merge).done == 4


def test_only_the_failures_are_retried(
    approved: Oficio, pki: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    import correspondence.merge as merge_module

    real = merge_module.document_prepare

    def flaky(*, data: dict[str, Any], **kwargs: Any) -> Any:
        if data["recipient"]["entity"] == Entity.objects.get(code="MEF").name:
            raise RuntimeError("servidor de sellos caído")
        return real(data=data, **kwargs)

    monkeypatch.setattr(merge_module, "document_prepare", flaky)
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    Job.objects.filter(kind="correspondence.merge_item").update(max_attempts=1)
    run_jobs()
    progress = merge_progress(merge)
    assert (progress.done, progress.failed) == (3, 1)
    failed = MailMergeItem.objects.get(merge=merge, state=MailMergeItem.State.FAILED)
    assert failed.entity.code == "MEF" and "servidor de sellos caído" in failed.error
    assert not Oficio.objects.filter(recipients__code="MEF", kind=Oficio.Kind.OFICIO).exists()
    reserved = failed.number
    monkeypatch.setattr(merge_module, "document_prepare", real)
    assert mail_merge_retry_failed(merge=merge, actor=pki["firmante"], password=PASSWORD) == 1
    run_jobs()
    assert merge_progress(merge).done == 4
    assert Oficio.objects.filter(kind=Oficio.Kind.OFICIO).count() == 4
    # The retried oficio bears the number reserved for it at the start: no gap, no burn.
    retried = Oficio.objects.get(recipients__code="MEF", kind=Oficio.Kind.OFICIO)
    assert retried.number == reserved
    assert retried.document.context["number"] == reserved


def test_numbers_are_reserved_consecutively_at_start_and_kept_by_each_oficio(
    approved: Oficio, pki: dict[str, User], client: Client
) -> None:
    # Another oficio of the same office takes a number before the batch…
    other = oficio_create(
        author=pki["secretaria"], kind=Oficio.Kind.OFICIO, subject="Otro asunto",
        body=["Texto."], references=[], recipients=list(Entity.objects.filter(code="MEF")),
        reviewers=[], signer=pki["firmante"],
    )  # fmt: skip
    oficio_sign(
        oficio=oficio_route(oficio=other, actor=pki["secretaria"]), actor=pki["firmante"],
        signer=signer_load(user=pki["firmante"], password=PASSWORD), position="Secretario",
    )  # fmt: skip
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    items = list(merge.items.select_related("entity").order_by("entity__name"))
    # …the launch reserves the next four, in the recipients' order, before any worker ran.
    assert [i.number.split(" ")[2][:4] for i in items] == ["0002", "0003", "0004", "0005"]
    assert Oficio.objects.filter(kind=Oficio.Kind.OFICIO).count() == 1
    run_jobs()
    for item in MailMergeItem.objects.filter(merge=merge).select_related("oficio__document"):
        assert item.oficio is not None and item.oficio.number == item.number
        assert item.oficio.document.context["number"] == item.number  # type: ignore[union-attr]
    # The next oficio signed after the batch continues the series.
    later = oficio_create(
        author=pki["secretaria"], kind=Oficio.Kind.OFICIO, subject="Después",
        body=["Texto."], references=[], recipients=list(Entity.objects.filter(code="MEF")),
        reviewers=[], signer=pki["firmante"],
    )  # fmt: skip
    later = oficio_sign(
        oficio=oficio_route(oficio=later, actor=pki["secretaria"]), actor=pki["firmante"],
        signer=signer_load(user=pki["firmante"], password=PASSWORD), position="Secretario",
    )  # fmt: skip
    assert later.number.split(" ")[2][:4] == "0006"
    assert verify_database().ok


def test_a_failed_launch_gives_back_its_numbers(
    approved: Oficio, pki: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    import correspondence.merge as merge_module

    def broken(**kwargs: Any) -> None:
        raise RuntimeError("cola no disponible")

    monkeypatch.setattr(merge_module, "job_enqueue_many", broken)
    with pytest.raises(RuntimeError):
        mail_merge_start(
            model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
        )
    assert not MailMergeItem.objects.exists()
    monkeypatch.undo()
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    numbers = sorted(merge.items.values_list("number", flat=True))
    assert [n.split(" ")[2][:4] for n in numbers] == ["0001", "0002", "0003", "0004"]


def test_cancelling_a_batch_keeps_its_numbers_on_cancelled_oficios(
    approved: Oficio, pki: dict[str, User], monkeypatch: pytest.MonkeyPatch, client: Client
) -> None:
    monkeypatch.setattr("core.tasks.run_job_task.delay", lambda job_id: None)
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    first = MailMergeItem.objects.filter(merge=merge).order_by("entity__name").first()
    assert first is not None
    job = Job.objects.get(key=f"merge:{merge.pk}:{first.entity_id}")
    assert job_run(job.pk) == Job.State.DONE  # one oficio is issued before the cancel
    with pytest.raises(CorrespondenceError, match="motivo"):
        mail_merge_cancel(merge=merge, actor=pki["firmante"], reason=" ")
    with pytest.raises(PermissionDenied):
        mail_merge_cancel(merge=merge, actor=pki["secretaria2"], reason="Error en el texto")
    assert mail_merge_cancel(merge=merge, actor=pki["firmante"], reason="Error en el texto") == 3
    run_jobs()  # the queued jobs find their items cancelled: nothing is issued
    progress = merge_progress(merge)
    assert (progress.done, progress.cancelled, progress.finished) == (1, 3, True)
    out = StringIO()
    call_command("mail_merge", str(merge.pk), stdout=out)
    assert "4/4 (100 %): 1 emitidos, 0 fallidos, 3 anulados" in out.getvalue()
    oficios = Oficio.objects.filter(kind=Oficio.Kind.OFICIO).order_by("number")
    assert [(o.number.split(" ")[2][:4], o.state) for o in oficios] == [
        ("0001", Oficio.State.ISSUED),
        ("0002", Oficio.State.CANCELLED),
        ("0003", Oficio.State.CANCELLED),
        ("0004", Oficio.State.CANCELLED),
    ]
    assert all(o.cancel_reason == "Error en el texto" for o in oficios[1:])
    assert not any(o.document_id for o in oficios[1:])
    merge.refresh_from_db()
    assert bytes(merge.secret) == b""
    assert verify_database().ok


def test_an_item_of_a_batch_started_before_reservation_takes_its_number_once(
    approved: Oficio, pki: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("core.tasks.run_job_task.delay", lambda job_id: None)
    merge = mail_merge_start(
        model=approved, actor=pki["firmante"], password=PASSWORD, position="Secretario"
    )
    first = merge.items.order_by("entity__name").first()
    assert first is not None
    MailMergeItem.objects.filter(pk=first.pk).update(number="")  # as an older batch left it
    run_jobs()
    first.refresh_from_db()
    assert first.state == MailMergeItem.State.DONE
    assert first.number.split(" ")[2][:4] == "0005" and first.oficio.number == first.number  # type: ignore[union-attr]
