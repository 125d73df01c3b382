"""Hebrew formats: Django's, with thousands grouped (1,234,567.50) as Israeli ministries write amounts."""

from django.conf.locale.he.formats import *  # noqa: F403 - extend Django's formats, change only what differs

NUMBER_GROUPING = 3
