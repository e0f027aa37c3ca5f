"""Mail merge: N individual oficios, numbered and signed in the background, resumable."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from core.jobs import job_claim, job_run, jobs_sweep
from core.models import Job
from correspondence.merge import mail_merge_retry_failed, mail_merge_start, merge_progress
from correspondence.models import MailMergeItem, Oficio
from correspondence.services import oficio_create, oficio_route
from directory.models import Entity
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

    real = merge_module.oficio_sign

    def flaky(*, oficio: Oficio, **kwargs: object) -> Oficio:
        if oficio.recipients.get().code == "MEF":
            raise RuntimeError("servidor de sellos caído")
        return real(oficio=oficio, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(merge_module, "oficio_sign", flaky)
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
    monkeypatch.setattr(merge_module, "oficio_sign", real)
    assert mail_merge_retry_failed(merge=merge, actor=pki["firmante"], password=PASSWORD) == 1
    run_jobs()
    assert merge_progress(merge).done == 4
    assert Oficio.objects.filter(kind=Oficio.Kind.OFICIO).count() == 4
