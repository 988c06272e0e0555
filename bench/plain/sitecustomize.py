"""Plain Plone for the baseline of bench/cost_per_document.py (bench/plain_site.py).

collective.gongwen is installed in the venv, so Plone's ZCML autoinclude would load it into
every Zope of this venv. Python imports ``sitecustomize`` at start-up: with this folder on
``PYTHONPATH`` the autoinclude loader leaves collective.gongwen out — its ZCML, its imports
and its memory — and the instance is the plain Plone of our pins.
"""

EXCLUDED = "collective.gongwen"


def _without_gongwen(load):
    def loader(*args, **kwargs):
        packages = load(*args, **kwargs)
        return {name: module for name, module in packages.items() if name != EXCLUDED}

    return loader


try:
    from plone.autoinclude import loader as _loader
except ImportError:  # not a Plone process
    pass
else:
    _loader.load_z3c_packages = _without_gongwen(_loader.load_z3c_packages)
    _loader.load_own_packages = _without_gongwen(_loader.load_own_packages)
