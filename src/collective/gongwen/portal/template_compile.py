"""Page templates are compiled one at a time in a process (CPython 3.11.7, gh-106905).

Chameleon turns a page template into Python the first time a thread renders it,
parsing its expressions with ``ast``. CPython before 3.11.8 keeps the AST
converter's recursion depth in interpreter-wide state, so two threads compiling at
once can fail with ``SystemError: AST constructor recursion depth mismatch`` — and
the template then remembers its failure: that page answers 500 on that instance
until it restarts. The load test found it (docs/performance.rst): an instance
freshly started behind the balancer, 30 users, ``document.pt`` and ``front.pt``.
Each template is compiled once per process, so the lock costs nothing once warm.
"""

import threading

# Reentrant: a template's compilation may load another (a macro's).
_COMPILING = threading.RLock()


def cook_one_at_a_time(self, *args, **kwargs):
    """``chameleon.template.BaseTemplate._cook``, never in two threads at once."""
    with _COMPILING:
        return self._old__cook(*args, **kwargs)
