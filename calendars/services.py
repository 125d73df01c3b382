"""Making and replacing a person's calendar address."""

from django.db import transaction
from django.utils import timezone

from calendars.models import CalendarFeed, new_token


def calendar_feed_for(user):
    """The person's calendar feed, made the first time they ask for it."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def calendar_feed_renew(*, user):
    """Give the person a new secret address; the old ones (their feed and their partnerships') stop working."""
    feed = calendar_feed_for(user)
    feed.token = new_token()
    feed.created_at = timezone.now()
    feed.save(update_fields=["token", "created_at"])
    return feed
