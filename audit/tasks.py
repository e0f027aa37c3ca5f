from celery import shared_task

from audit.checkpoints import checkpoint_days


@shared_task(name="audit.checkpoint_task")
def checkpoint_task() -> int:
    return len(checkpoint_days())
