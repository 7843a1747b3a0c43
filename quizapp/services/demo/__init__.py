"""The demo class (`quiz demo-class`): a cohort of simulated students owned by the demo
instructor, with three weeks of realistic activity, so a school trying the app sees the
instructor's pages full.

identity (what marks the demo class), model (the simulated students and items: IRT), answers
(what a student answers to each question type), course (the course as the simulation walks
it), activity (one student's weeks, replayed through the real services), create and remove.
"""

from .create import (
    DEFAULT_SEED,
    DEFAULT_STUDENTS,
    MAX_STUDENTS,
    DemoClass,
    DemoClassExists,
    Progress,
    create_demo_class,
    describe,
)
from .identity import COHORT_NAME, database_is_new, demo_cohort_id
from .remove import Removed, remove_demo_class

__all__ = ["COHORT_NAME", "DEFAULT_SEED", "DEFAULT_STUDENTS", "MAX_STUDENTS", "DemoClass",
           "DemoClassExists", "Progress", "Removed", "create_demo_class", "database_is_new",
           "demo_cohort_id", "describe", "remove_demo_class"]
