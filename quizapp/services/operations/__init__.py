"""Running the app: backup and restore of the whole database (backup.py); the background
jobs every server may run, each under a lock so that one server at a time does (jobs.py,
joblock.py)."""
