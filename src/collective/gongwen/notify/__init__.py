"""E-mail notifications (SPEC §15): new to-do items, 催办, overdue reminders and the daily digest.

``events`` (what routing fires when a step changes hands), ``rules`` (the
words and the once-a-day bookkeeping, plain Python), ``recipients`` (users
behind assignee ids, addresses, each person's choices), ``compose`` (a mail
from a document or catalog entry), ``mail`` (MailHost, after commit),
``todo`` (the subscriber), ``remind`` (催办 mails to the holders), ``reminders`` (the
daily run), ``schedule`` and ``tasks`` (the workers' periodic job that asks for it) and
``browser`` (the views).
"""
