"""The project's settings plus a trivial view (the baseline of the intake benchmark)."""

import os

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.intake_urls"

# BENCH_CONN_MAX_AGE: persistent database connections (Django's CONN_MAX_AGE), 60 s as a
# production deployment sets them (a new PostgreSQL connection per proposal costs more CPU
# than the proposal itself); 0 measures Django's default. The trivial view never connects.
DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("BENCH_CONN_MAX_AGE", "60"))  # noqa: F405
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405
