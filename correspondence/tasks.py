from celery import shared_task

from correspondence.delivery import dispatches_remind


@shared_task(name="correspondence.remind_task")
def remind_task() -> int:
    return dispatches_remind()
