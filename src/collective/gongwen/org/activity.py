"""Who has not logged in lately (第三条: staff log in every working day). Plain Python.

What this module owns: reading a last-login value (Plone's member property
``login_time``, whose default 2000-01-01 means "never"), how many days ago
that was, who counts as inactive given a number of days, and reading that
number from a request. ``org.browser.activity`` feeds it the organisation's
people and shows the result.
"""

import datetime

from collective.gongwen import _
from collective.gongwen.content import times

DEFAULT_DAYS = 7
MAX_DAYS = 3650
# PlonePAS's ``login_time`` before a member's first login.
NEVER_MARK = datetime.date(2000, 1, 1)

NEVER = _("login_never", default="从未登录")


def login_date(value):
    """The date of a last login: a ``DateTime``, datetime or date, or None for "never".

    Plone's default ``login_time`` (2000-01-01) and anything before it mean never.
    """
    if value is None:
        return None
    if isinstance(value, datetime.datetime) or hasattr(value, "timeTime"):  # or Zope's DateTime
        value = times.date_of(value)  # in the portal's zone (R-RUN2)
    if not isinstance(value, datetime.date) or value <= NEVER_MARK:
        return None
    return value


def days_since(last, today):
    """Whole days from the last login date ``last`` to ``today`` (0 for today); None for never."""
    if last is None:
        return None
    return max((today - last).days, 0)


def is_inactive(last, today, days):
    """True when someone last seen on ``last`` (None: never) has not logged in within ``days``.

    Within ``days`` means on one of the last ``days`` days, today included: with
    ``days=1`` only a login today counts, with the default 7 a login in the past week.
    """
    since = days_since(last, today)
    return since is None or since >= days


def parse_days(value, default=DEFAULT_DAYS):
    """The ``days`` form value as an int from 1 to ``MAX_DAYS``; ``default`` otherwise."""
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    try:
        days = int(str(value).strip())
    except ValueError:
        return default
    return days if 1 <= days <= MAX_DAYS else default


def person_row(user_id, fullname, functions, last_login, today, days):
    """One person's row: who, what they do, when they last logged in, whether inactive."""
    last = login_date(last_login)
    return {
        "id": user_id,
        "fullname": fullname or user_id,
        "functions": list(functions),
        "last_login": last.isoformat() if last else "",
        "days_since": days_since(last, today),
        "inactive": is_inactive(last, today, days),
    }


def merge_functions(pairs):
    """``[(user_id, function title)]`` → ``{user_id: [titles]}``, titles in first-seen order."""
    merged = {}
    for user_id, title in pairs:
        titles = merged.setdefault(user_id, [])
        if title not in titles:
            titles.append(title)
    return merged


def inactive_count(rows):
    """How many of ``rows`` are inactive."""
    return sum(1 for row in rows if row["inactive"])
