# config is not an app, so nothing would import its system checks; loading the settings imports
# this package first, which registers them before any check runs.
from config import checks  # noqa: F401

# Load the Celery app with Django so that @shared_task uses it.
from config.celery import app as celery_app

__all__ = ("celery_app",)
