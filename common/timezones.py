"""Time zones people and organisations choose from: the IANA names, as Python's zoneinfo knows them."""

import zoneinfo
from functools import cache


@cache
def time_zone_choices():
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def is_time_zone(name):
    return name in zoneinfo.available_timezones()
