"""Outgoing e-mail goes through a job, so that a broker or SMTP outage loses nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage

from core.jobs import job_enqueue, job_handler
from core.models import Job


def email_enqueue(*, key: str, to: list[str], subject: str, body: str) -> Job:
    """Queue one e-mail; ``key`` makes a repeated request send it once."""
    return job_enqueue(
        kind="core.email",
        key=f"email:{key}",
        payload={"to": to, "subject": subject, "body": body},
    )


@job_handler("core.email")
def _send_email(job: Job) -> None:
    payload = job.payload
    EmailMessage(
        subject=payload["subject"],
        body=payload["body"],
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=payload["to"],
    ).send(fail_silently=False)
