"""Instructors' reports: the gradebook, one student's report, results by tag, item statistics,
and the CSV exports. Reads only."""
