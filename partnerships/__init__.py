"""Partnerships and the ministries taking part: creation, participations and shares, the tabs and the history."""
