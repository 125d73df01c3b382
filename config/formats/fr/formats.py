"""French as the Ontario Public Service writes it (Canadian usage) on top of Django's French formats.

Numeric dates are ISO (2026-03-31), the form the Government of Canada's style guides recommend, and
times read "14 h 30". Numbers keep Django's: 1 234,56 with a non-breaking space.
"""

from django.conf.locale.fr.formats import *  # noqa: F403 - extend Django's formats, change only what differs

TIME_FORMAT = r"G \h i"
DATETIME_FORMAT = r"j F Y, G \h i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = r"Y-m-d G \h i"
