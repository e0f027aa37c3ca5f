from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        # Recording without each feature having to remember: viewflow task and process
        # changes, django-fsm transitions, logins and role changes.
        from audit import receivers  # noqa: F401
