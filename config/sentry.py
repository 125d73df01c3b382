"""Errors to Sentry when SENTRY_DSN is set. Imported by the settings, so nothing of Django's is loaded here."""


def init_sentry(dsn, *, environment, traces_sample_rate):
    """Report unhandled errors of web requests and Celery tasks; people's data stays out of the reports."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
