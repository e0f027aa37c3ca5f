from django.apps import AppConfig


class BenchmarksConfig(AppConfig):
    """Only installed by benchmarks/settings.py: the bare baseline flow lives here."""

    name = "benchmarks"
    label = "benchmarks"
    default_auto_field = "django.db.models.BigAutoField"
