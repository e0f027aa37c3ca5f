"""Wording of the staff UI that we choose over viewflow's own translation.

Viewflow translates "Inbox" as "Buzón"; Peruvian public servants say "Bandeja de
entrada". Marking the strings here keeps them in our catalogue, which Django reads
before viewflow's (LOCALE_PATHS come first).
"""

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    gettext_noop("Inbox"),
    gettext_noop("Queue"),
    gettext_noop("Archive"),
)
