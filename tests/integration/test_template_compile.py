"""Page templates are compiled one at a time (portal/template_compile.py): under load a
freshly started instance compiled ``document.pt`` in two threads at once, CPython 3.11.7
failed (gh-106905) and the page answered 500 until a restart (docs/performance.rst)."""

import threading
import time

from chameleon.template import BaseTemplate
from z3c.pt.pagetemplate import PageTemplate


def test_issue21_templates_compile_one_at_a_time(portal, monkeypatch):
    assert BaseTemplate._cook.__name__ == "cook_one_at_a_time"
    compiling = []
    most = []
    original = BaseTemplate._compile

    def slow_compile(self, body, builtins):
        compiling.append(1)
        most.append(len(compiling))
        time.sleep(0.05)
        try:
            return original(self, body, builtins)
        finally:
            compiling.pop()

    monkeypatch.setattr(BaseTemplate, "_compile", slow_compile)
    errors = []

    def render(number):
        try:
            PageTemplate(f'<p tal:content="python: {number} + 1">x</p>')()
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)

    threads = [threading.Thread(target=render, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(most) == 6 and max(most) == 1
