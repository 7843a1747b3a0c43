"""Marks and grades, read from stored points: an attempt's marks (exact fractions), and the
one function that says what a student's grade for a quiz is (its grading method over their
submitted attempts). The gradebook, exports, progress pages and any grade passback call it.
"""

from .grade import Grade, grade_of, quiz_grade, quiz_grades
from .marks import attempt_marks

__all__ = ["Grade", "attempt_marks", "grade_of", "quiz_grade", "quiz_grades"]
