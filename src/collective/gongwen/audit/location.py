"""Where the audit store is (R-U1): a file path (SQLite) or a ``postgresql://`` URL.

Plain Python. ``GONGWEN_AUDIT_DB`` holds one or the other; ``is_postgres`` tells
them apart (libpq's URI schemes), ``shown`` writes a location for people and logs
without its password.
"""

import re

SCHEMES = ("postgresql://", "postgres://")
_PASSWORD = re.compile(r"^(\w+://[^:/@]*):[^@/]*@")
_KEYWORD_DSN = re.compile(r"^\s*(host|hostaddr|port|dbname|user)\s*=")
_PASSWORD_PARAMETER = re.compile(r"([?&]password=)[^&]*", re.IGNORECASE)


def is_postgres(location):
    """True for a ``postgresql://`` (or ``postgres://``) URL."""
    return str(location or "").lower().startswith(SCHEMES)


def is_keyword_dsn(location):
    """True for libpq's ``host=… dbname=…`` form, which is no file name and no URL either."""
    return bool(_KEYWORD_DSN.match(str(location or "")))


def shown(location):
    """``location`` with a URL's password replaced by ``***``."""
    text = str(location or "")
    if not is_postgres(text):
        return text
    return _PASSWORD_PARAMETER.sub(r"\1***", _PASSWORD.sub(r"\1:***@", text))
