"""What a username and a new password must be.

A new password is refused when it is shorter than 8 characters, equals the username, or is easy
to guess: zxcvbn (a maintained estimator that ships, offline, the 30,000 most common passwords
from breach corpora plus dictionaries of words and names, and sees through l33t, keyboard
patterns, dates and the username inside the password) must rate it 2 of 4 or better (more than
10^6 guesses). Its warning says why, in words a student understands.
"""

from __future__ import annotations

import re

from zxcvbn import zxcvbn

from ..errors import BadInput

MIN_PASSWORD_LENGTH = 8
MAX_PASSWORD_LENGTH = 256
MIN_STRENGTH = 2  # zxcvbn's score: 0 too guessable ... 4 very unguessable
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{3,64}$")
# The demo class's simulated students (services/demo): nobody else may take these names, so
# removing the demo class can never remove a real person.
SIMULATED_USERNAME = re.compile(r"demo-student-\d+")


class WeakPassword(BadInput):
    """The new password is refused; the message says why."""


def normalise_username(username: str) -> str:
    """Usernames are compared without surrounding spaces and case."""
    return username.strip().lower()


def check_username(username: str) -> str:
    """The normalised username, or BadInput saying what is wrong with it."""
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise BadInput("Username must be 3-64 characters: letters, digits, '.', '_' or '-'.")
    if SIMULATED_USERNAME.fullmatch(name):
        raise BadInput(f"The username '{name}' is kept for the demo class's simulated "
                       "students; choose another.")
    return name


def check_new_password(username: str, password: str) -> None:
    """BadInput saying what is wrong with `password` as a new password for `username`."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"Password must be at least {MIN_PASSWORD_LENGTH} characters.")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"Password must be at most {MAX_PASSWORD_LENGTH} characters.")
    name = normalise_username(username)
    if password.strip().lower() == name:
        raise WeakPassword("Password must not be your username.")
    # zxcvbn reads at most 72 characters; a longer password is long enough anyway.
    verdict = zxcvbn(password[:72], user_inputs=[name])
    if verdict["score"] < MIN_STRENGTH:
        warning = verdict["feedback"]["warning"] or "This password is easy to guess"
        raise WeakPassword(f"Choose a harder password. {warning.rstrip('.')}. Longer is better: "
                       f"three or four unrelated words work well.")
