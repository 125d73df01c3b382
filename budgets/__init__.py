"""Money: multi-year budgets, contributions by ministry and year, transfers, spending and their exports."""
