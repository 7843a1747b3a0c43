"""A student's learning beyond one attempt: the course pages and reading progress, spaced review
(FSRS), practice sets from their own history (retakes), the study panel, weak areas,
calibration, and where the lesson passage for each question lives."""
