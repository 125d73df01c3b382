"""A partnership's charter: its versions, assignments and milestones, sign-off by every party, comparison, print
and PDF.
"""
