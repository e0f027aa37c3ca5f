from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "correspondence"
    verbose_name = _("Correspondence")

    def ready(self) -> None:
        from correspondence import delivery, merge  # noqa: F401 (register their jobs)
