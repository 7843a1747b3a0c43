"""Running the app: backup and restore of the whole database (backup.py)."""
