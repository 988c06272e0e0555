"""collective.documentviewer loads on Plone 6.2 whatever order the add-ons come in.

Each check runs in a fresh interpreter, so nothing this test session imported
can hide a failure.
"""

import subprocess
import sys
import textwrap

# What documentviewer's ZCML imports: its interfaces, events, views, subscribers.
IMPORT_DOCUMENTVIEWER = """
import collective.documentviewer.interfaces
import collective.documentviewer.events
import collective.documentviewer.subscribers
import collective.documentviewer.browser.views
print("documentviewer importable")
"""


def run_python(*code_parts):
    """Run the code parts, one after the other, in a new interpreter; return (exit code, output)."""
    code = "\n".join(textwrap.dedent(part) for part in code_parts)
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return result.returncode, result.stdout + result.stderr


def test_documentviewer_alone_does_not_import_on_plone_62():
    """The defect we repair. When this fails, upstream is fixed: drop viewer/compat.py."""
    code, output = run_python(IMPORT_DOCUMENTVIEWER)
    assert code != 0
    assert "cannot import name 'IObjectEvent' from 'zope.component.interfaces'" in output


def test_documentviewer_imports_after_plone_autoinclude_found_the_plugins():
    """Plone imports every add-on package (ours too) before reading any add-on's ZCML."""
    code, output = run_python(
        """
        from plone.autoinclude.loader import load_z3c_packages
        assert "collective.gongwen" in load_z3c_packages("plone")
        """,
        IMPORT_DOCUMENTVIEWER,
    )
    assert code == 0, output
    assert "documentviewer importable" in output


SITE_ZCML_DOCUMENTVIEWER_FIRST = """
<configure xmlns="http://namespaces.zope.org/zope"
           xmlns:five="http://namespaces.zope.org/five">
  <include package="Zope2.App" />
  <five:loadProducts file="meta.zcml" />
  <include package="collective.documentviewer" />
  <five:loadProducts />
  <five:loadProductsOverrides />
</configure>
"""

START_ZOPE = """
import sys
from Zope2.Startup.run import make_wsgi_app
make_wsgi_app({}, sys.argv[1])
print("Zope started")
"""


def test_zope_starts_with_documentviewer_included_before_us(tmp_path):
    """A site.zcml that names the viewer explicitly, ahead of the add-ons: Zope starts."""
    (tmp_path / "etc").mkdir()
    (tmp_path / "etc" / "site.zcml").write_text(SITE_ZCML_DOCUMENTVIEWER_FIRST)
    zope_conf = tmp_path / "etc" / "zope.conf"
    zope_conf.write_text(
        f"instancehome {tmp_path}\n"
        "<zodb_db main>\n  <mappingstorage>\n  </mappingstorage>\n  mount-point /\n</zodb_db>\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", START_ZOPE, str(zope_conf)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Zope started" in result.stdout
