"""Celery tasks of the core app: they take ids and call a service."""

from celery import shared_task

from core.jobs import job_run, jobs_sweep


@shared_task(name="core.run_job_task", acks_late=True)
def run_job_task(job_id: int) -> str:
    return job_run(job_id)


@shared_task(name="core.sweep_jobs_task")
def sweep_jobs_task() -> int:
    return jobs_sweep()
