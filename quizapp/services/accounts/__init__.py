"""Accounts and cohorts: sign-up and login (users.py), what a username and password must be
(policy.py), one session per device (sessions.py), password changes and resets
(passwords.py), login throttling (throttle.py), a person's data exported or deleted
(privacy.py), and instructors' cohorts with the Scope that limits a report (cohorts.py)."""
