"""The services layer: the only code that writes, plus read models for the pages.

Grouped by domain; dependencies go one way (reports -> learning, questions, accounts;
attempts -> learning, questions; nothing here imports a blueprint or the CLI):
  errors.py    the errors services raise (the app maps each to an HTTP status)
  accounts/    users (sign-up, login, extra time), cohorts (join codes, Scope)
  attempts/    start, save, submit, refusal, grading, clock, audit, lookup; practice; quizzes
  learning/    course pages, progress, review (FSRS), retakes, study, weak areas, calibration,
               passages
  questions/   one question's read model for the widgets (views, build, option order, labels)
  authoring/   importer, regrade, the instructor's question pages
  reports/     gradebook, student report, tag results, item statistics (attempt choice,
               option counts, slots), CSV exports
"""
