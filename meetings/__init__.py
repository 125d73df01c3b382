"""Meetings, attendance, decisions and weighted votes, action items, conflicts and their escalation, and the
point-11 arrangement they follow.
"""
