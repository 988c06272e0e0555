"""One-time form tokens: a form submitted twice (double click, resend) acts once.

The page puts a fresh random token in the form; the action records it on
the document when it acts and ignores a later request with the same token.
Two simultaneous requests both write the record: the ZODB conflict makes
Zope retry the second, which then finds the token used.
"""

import uuid

from persistent.list import PersistentList

from collective.gongwen.content.annotations import annotation

ANNOTATION_KEY = "collective.gongwen.form_tokens"

# Enough to cover the forms a person can have open on one document.
KEEP = 200


def new_form_token():
    """A fresh token for a form on the page (nothing is stored)."""
    return uuid.uuid4().hex


def use_form_token(context, token):
    """Record ``token`` as used on ``context``; False if it is missing or already used."""
    if not token or not isinstance(token, str):
        return False
    used = annotation(context, ANNOTATION_KEY, PersistentList)
    if token in used:
        return False
    used.append(token)
    del used[:-KEEP]
    return True
