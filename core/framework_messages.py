"""Messages of viewflow's own templates that its Spanish catalogue leaves in English.

Listed here so that ``makemessages`` keeps them in our catalogue, whose translations take
precedence over the framework's (LOCALE_PATHS); nothing imports this module.
"""

from django.utils.translation import gettext_noop

FRAMEWORK_MESSAGES = (
    gettext_noop("Artifact"),
    gettext_noop("Seed"),
    gettext_noop("Parent Task"),
    gettext_noop("Subprocess"),
    gettext_noop("Export BPMN"),
    gettext_noop("Export PNG"),
    gettext_noop("Flow"),
    gettext_noop("Flow Chart"),
    gettext_noop("State chart"),
    gettext_noop("Save"),
    gettext_noop("Execute"),
)
