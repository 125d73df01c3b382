from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "budgets"

    def ready(self):
        # A weighted vote (meetings, below us) may weigh each partner by the money it committed here.
        from budgets.services import committed_by_ministry
        from meetings.services import register_money_committed

        register_money_committed(committed_by_ministry)
