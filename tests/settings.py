"""Test settings: the project's, plus the tests package as an app (for probe flows)."""

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests"]
