"""Plone's bundles keep their content hash per process while their files are on disk.

Every page's ``<script>`` and ``<link>`` URLs carry a hash of the bundle's content (so a
browser fetches a bundle again only when it changed), and Plone's resource viewlets build
the bundles anew for every request: each page found, read and hashed every JS and CSS
bundle file again — a quarter of a search page's time on a cluster instance under 200
users (py-spy; Products.CMFPlone issue 3505; plain Plone does the same).

A hash is kept only for a bundle served from a package's files (``++plone++…`` with no
override in the site's ``plone`` resource directory, ``++resource++…``, ``++theme++…`` of a
theme shipped in a package, as Barceloneta's CSS on every page): those change with a
release, that is with a restart. A bundle from a theme held in the site (which can be
edited through the web), an override, or anything else is hashed on every page, as Plone
does; so is every bundle in webresource's development mode.

Whether a bundle is a package's file is asked once per request: finding the site's override
directory and looking the path up in it was itself a third of the resource viewlets' time
(1.3 of 4.6 ms a document page).
"""

import webresource
from plone.resource.directory import FilesystemResourceDirectory
from plone.resource.utils import queryResourceDirectory
from Products.CMFPlone.resources.utils import get_override_directory

from collective.gongwen.request_answers import kept

ON_DISK = ("++plone++", "++resource++", "++theme++")
THEME = "++theme++"
ON_DISK_KEY = "collective.gongwen.portal.bundles_on_disk"
OVERRIDES = ("overrides",)  # beside the paths in the request's answers
_hashes = {}  # (bundle path, hash algorithm) → hash
_compute = webresource.Resource.file_hash.fget


def on_disk(context, path):
    """True when the bundle ``path`` is a package's file (no override in the site); asked once
    per request."""
    answers = kept(ON_DISK_KEY)
    if path not in answers:
        answers[path] = _on_disk(context, path, answers)
    return answers[path]


def _on_disk(context, path, answers):
    if not path or not path.startswith(ON_DISK) or "?" in path:
        return False
    if path.startswith("++plone++"):
        overrides = _overrides(context, answers)
        if overrides is not None and overrides.isFile(path[len("++plone++") :]):
            return False
    if path.startswith(THEME):
        # the site's own copy of a theme, if any, is found before the package's
        theme = queryResourceDirectory("theme", path[len(THEME) :].partition("/")[0])
        return isinstance(theme, FilesystemResourceDirectory)
    return True


def _overrides(context, answers):
    """The site's override directory when it holds anything (usually it is empty, and looking a
    path up in it is a traversal that fails), else None."""
    if OVERRIDES not in answers:
        overrides = get_override_directory(context)
        answers[OVERRIDES] = (
            overrides if overrides is not None and overrides.listDirectory() else None
        )
    return answers[OVERRIDES]


def _get(self):
    if self._file_hash is not None:
        return self._file_hash
    key = (self.resource, self.hash_algorithm)
    kept = on_disk(self.context, self.resource) and not webresource.config.development
    if kept and key in _hashes:
        self._file_hash = _hashes[key]
        return self._file_hash
    value = _compute(self)
    if kept:
        _hashes[key] = value
    return value


def _set(self, value):
    self._file_hash = value


file_hash = property(_get, _set, doc="The bundle's content hash, kept while it is on disk.")
