from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Helpers every app may use, and the operators' commands (backup, restore). It imports no other app."""

    name = "common"
    verbose_name = "Common"
