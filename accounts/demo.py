"""Demo executives and administrators get an authenticator device with the printed demo key."""

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import two_factor_required
from ministries import demo_data


def seed_demo(stdout):
    created = 0
    usernames = [row[0] for row in demo_data.PEOPLE]
    for user in get_user_model().objects.filter(username__in=usernames).exclude(totpdevice__confirmed=True):
        if two_factor_required(user):
            TOTPDevice.objects.create(user=user, name="Demo", key=demo_data.DEMO_TOTP_KEY, confirmed=True)
            created += 1
    return created
