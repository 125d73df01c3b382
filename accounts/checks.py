"""System checks about signing in (run by `manage.py check --deploy`).

Their texts are for whoever deploys Interlock, in English like Django's own checks.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_key(app_configs, **kwargs):
    """The development key is in the source: with it anyone can forge a session or a reset link."""
    if settings.SECRET_KEY != settings.DEVELOPMENT_SECRET_KEY:
        return []
    return [
        Error(
            "SECRET_KEY is the development key published in config/settings.py.",
            hint="Set the SECRET_KEY environment variable to a long random value.",
            id="accounts.E001",
        )
    ]
