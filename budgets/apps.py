from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"

    def ready(self):
        # What this app's reminders say is registered with notifications when the module loads.
        import budgets.reminders  # noqa: F401

        # A weighted vote (meetings, below us) may weigh each partner by the money it committed here.
        from budgets.services import committed_by_ministry
        from meetings.services import register_money_committed

        register_money_committed(committed_by_ministry)
