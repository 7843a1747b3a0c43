"""The question bank as authors and instructors manage it: import a validated bank, regrade on
purpose after a corrected key, and the instructor's question pages (question_pages.py)."""
