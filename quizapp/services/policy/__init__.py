"""Quiz settings applied to one student: when a quiz is open to them (its own dates, or their
cohort's), how many attempts they may start (with any extra granted), and what they may see
after submitting (review options). The instructor's changes here are audited.

windows: availability; allowance: attempts allowed and grants; review: review options;
audit: the audit table (instructor actions).
"""
