"""Results and field work: indicators, reporting periods, measurements and their approval, milestones, progress
logs and photos, the feed.
"""
