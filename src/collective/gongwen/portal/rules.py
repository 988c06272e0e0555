"""Front-page rules in plain Python: when a department's 工作动态 is stale (第五条, R-P2).

第五条 asks every department to keep its 工作动态 current; the office is told
which departments have published nothing within the configured number of
days (公文设置 → 工作动态更新期限).
"""

import datetime

from collective.gongwen.org.activity import days_since


def is_stale(last, today, days):
    """True when the latest 工作动态 (``last``, a date or None) is more than ``days`` old."""
    return last is None or days_since(last, today) > days


def stale_departments(latest, today, days):
    """The ``(department, last, age)`` of ``latest`` whose news is stale, oldest first.

    ``latest`` is ``[(department, last published date or None)]`` in the
    unit's order; departments that never published come first.
    """
    stale = [
        (department, last, days_since(last, today))
        for department, last in latest
        if is_stale(last, today, days)
    ]
    return sorted(stale, key=lambda row: row[1] or datetime.date.min)
