"""English formats: Django's, with times on the 24-hour clock.

Django's "10 a.m." ends in a full stop, so a sentence that ends with a time read "a.m..";
"10:00" reads the same in every sentence, and as the French and Hebrew pages write it.
"""

from django.conf.locale.en.formats import *  # noqa: F403 - extend Django's formats, change only what differs

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "N j, Y, H:i"
SHORT_DATETIME_FORMAT = "m/d/Y H:i"
