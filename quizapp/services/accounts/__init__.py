"""Accounts and cohorts: sign-up and login (users.py), instructors' cohorts and join codes, and
the Scope that limits a report to a cohort's students (cohorts.py)."""
