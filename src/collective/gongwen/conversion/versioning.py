"""File versions keep the file, not the viewer's pages (R-A2).

CMFEditions copies a file's annotations into every version it saves, and
with them the viewer's settings (page images as blob references that lose
their data, the page-text catalog) and our conversion records — the kept
conversions of earlier versions among them, so each version would carry
copies of all before it. Earlier versions' pages are kept by version id in
the working copy instead (``store.keep_previous_conversion``); this CMFEditions
modifier leaves those annotations out of the copies it saves, and a version
retrieved (or reverted to) gets the working copy's.
"""

from AccessControl.class_init import InitializeClass
from Acquisition import aq_base
from plone.app.versioningbehavior.modifiers import getCallbacks
from Products.CMFEditions.interfaces.IModifier import ICloneModifier
from Products.CMFEditions.interfaces.IModifier import ISaveRetrieveModifier
from Products.CMFEditions.Modifiers import ConditionalTalesModifier
from zope.interface import implementer

from collective.gongwen.conversion.status import ANNOTATION_KEY
from collective.gongwen.conversion.store import VERSIONS_KEY

MODIFIER_ID = "GongwenSkipViewerPages"
SKIPPED_ANNOTATIONS = ("collective.documentviewer", ANNOTATION_KEY, VERSIONS_KEY)


def viewer_annotations(obj):
    """The annotations of ``obj`` that versions leave out, by key (only those present)."""
    annotations = getattr(aq_base(obj), "__annotations__", None) or {}
    return {key: annotations[key] for key in SKIPPED_ANNOTATIONS if key in annotations}


@implementer(ICloneModifier, ISaveRetrieveModifier)
class SkipViewerPages:
    """CMFEditions modifier: no viewer pages or conversion records in versions."""

    def __init__(self, id_, title):
        self.id = str(id_)
        self.title = str(title)

    def getOnCloneModifiers(self, obj):
        """The clone gets None for each viewer annotation."""
        persistent_id, persistent_load = getCallbacks(viewer_annotations(obj).values())
        return persistent_id, persistent_load, [], []

    def beforeSaveModifier(self, obj, clone):
        """Nothing to do: the pickler left the annotations out."""
        return {}, [], []

    def afterRetrieveModifier(self, obj, repo_clone, preserve=()):
        """A retrieved version shares the working copy's viewer annotations."""
        annotations = getattr(aq_base(repo_clone), "__annotations__", None)
        if annotations is not None:
            for key in SKIPPED_ANNOTATIONS:
                if key in annotations:
                    del annotations[key]
            annotations.update(viewer_annotations(obj))
        return [], [], {}


InitializeClass(SkipViewerPages)


def install_modifier(site):
    """Register ``SkipViewerPages`` in the site's portal_modifier (once)."""
    tool = site.portal_modifier
    if MODIFIER_ID in tool.objectIds():
        return
    wrapper = ConditionalTalesModifier(
        MODIFIER_ID, SkipViewerPages(MODIFIER_ID, "Skip viewer pages"), "Skip viewer pages"
    )
    wrapper.edit(True, "python:True")
    tool.register(MODIFIER_ID, wrapper)


def uninstall_modifier(site):
    """Remove ``SkipViewerPages`` from portal_modifier."""
    tool = site.portal_modifier
    if MODIFIER_ID in tool.objectIds():
        tool.unregister(MODIFIER_ID)
