from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    label = "planflow"
    verbose_name = _("Action plan")

    def ready(self) -> None:
        from django.db.models.signals import post_save
        from viewflow.workflow.models import Task

        from workflow.deadlines import task_due_set

        post_save.connect(task_due_set, sender=Task, dispatch_uid="planflow_task_due")
