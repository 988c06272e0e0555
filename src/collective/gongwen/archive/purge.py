"""销毁 as really gone (R-R2): a document, everything in it, and every copy the site kept of them.

``purge_document`` removes, for the document and every object inside it (attachments, the
正式文件, 稿纸/处理单, the original):

* every CMFEditions version: the shadow history in ``portal_historiesstorage`` and the Zope
  Version Control history behind it (the versions' data and the files they referenced);
* the records kept in site BTrees beside the documents (``jobs.stores``): the typesetting and
  slip jobs (``typeset.render_jobs``), the exchange package jobs and the built packages
  (``packaging.store``), keyed by the objects' UIDs;
* the objects themselves (the viewer's pages, text and conversions live on the files) and
  their catalog entries.

``forget_unused_words``, called once after a batch of documents is purged, then removes
the words no index uses any more from the catalog's lexicons (the destroyed text's words,
its files' earlier versions' too: a pack found the first version's word left there).

Once the transaction commits nothing of them is reachable; a pack of the storage then removes
the records and blobs (FileStorage ``pack(days=0)``; RelStorage's pack likewise). The removal
passes the two guards that otherwise keep a document: R-O13 (``steps.keeping``) and the
read-only archive (``archive.readonly``). Only ``disposal.destroy_batch`` calls this, after
the 销毁清册 entry is written.
"""

import contextlib

from Acquisition import aq_base
from Acquisition import aq_inner
from Acquisition import aq_parent
from BTrees.IOBTree import difference
from plone import api
from plone.uuid.interfaces import IUUID

from collective.gongwen.jobs.stores import site_btree
from collective.gongwen.packaging.store import JOBS_KEY as PACKAGE_JOBS_KEY
from collective.gongwen.packaging.store import PACKAGES_KEY
from collective.gongwen.steps.keeping import sanctioned_removal
from collective.gongwen.typeset.render_jobs import STORE_KEY as RENDER_JOBS_KEY

# Site BTrees whose keys are an object's UID, or start with "<uid>:".
SITE_STORES = (RENDER_JOBS_KEY, PACKAGE_JOBS_KEY, PACKAGES_KEY)


def contained_objects(document):
    """``document`` and every object inside it, depth first."""
    found = [document]
    values = getattr(aq_base(document), "objectValues", None)
    if values is not None:
        for child in document.objectValues():
            found.extend(contained_objects(child))
    return found


def purge_document(document):
    """Remove ``document`` and everything the site kept of it (module docstring); the number
    of versions purged."""
    objects = contained_objects(document)
    uids = [uid for uid in (IUUID(obj, None) for obj in objects) if uid]
    versions = sum(purge_history(obj) for obj in objects)
    purge_site_records(uids)
    parent = aq_parent(aq_inner(document))
    # Manager's roles for CMFEditions' own removal subscriber (it reads the history it finds
    # gone); the authority was checked by the caller.
    with (
        sanctioned_removal(document),
        read_only_lifted(document),
        api.env.adopt_roles(["Manager"]),
    ):
        parent._delObject(document.getId())
    return versions


def read_only_lifted(document):
    """``archive.readonly.lifted`` (the read-only archive's one sanctioned exception)."""
    try:
        from collective.gongwen.archive.readonly import lifted
    except ImportError:  # the read-only guard is not installed in this checkout yet
        return contextlib.nullcontext()
    return lifted(document)


def purge_history(obj):
    """Remove every CMFEditions version of ``obj`` (shadow and ZVC histories); how many."""
    handler = api.portal.get_tool("portal_historyidhandler")
    storage = api.portal.get_tool("portal_historiesstorage")
    history_id = handler.queryUid(obj, None)
    shadow = storage._getShadowStorage(autoAdd=False)
    if history_id is None or shadow is None or not shadow.isRegistered(history_id):
        return 0
    history = shadow.getHistory(history_id)
    repository = storage._getZVCRepo()
    zvc_ids = {info["vc_info"].history_id for info in history._full.values() if info.get("vc_info")}
    for zvc_id in zvc_ids:
        if zvc_id in repository._histories:
            del repository._histories[zvc_id]
    count = history.getLength(countPurged=True)
    del shadow._storage[history_id]
    return count


def purge_site_records(uids):
    """Remove the site BTrees' records (``SITE_STORES``) of the objects with ``uids``."""
    for key in SITE_STORES:
        store = site_btree(key, create=False)
        if store is None:
            continue
        for uid in uids:
            for found in list(store.keys(min=uid, max=f"{uid}:\uffff")):
                if found == uid or found.startswith(f"{uid}:"):
                    del store[found]


def _text_indexes(catalog):
    """The catalog's ZCTextIndexes (with a lexicon and a word index), in their context."""
    for name in catalog.indexes():
        index = catalog._catalog.getIndex(name)
        if hasattr(aq_base(index), "getLexicon") and hasattr(aq_base(index), "index"):
            yield index


def forget_unused_words(catalog):
    """Remove from each lexicon of the catalog's text indexes every word no index uses; how many.

    A lexicon keeps every word it ever saw: the words of a destroyed document, and those of
    its files' earlier versions (dropped from the index when the file was replaced, kept in
    the lexicon). Found by BTrees' C set difference of the lexicon's word ids and the word
    ids of the indexes sharing it, so the sweep of a large lexicon is quick.
    """
    users = {}
    for index in _text_indexes(catalog):
        lexicon = aq_base(index.getLexicon())
        users.setdefault(id(lexicon), (lexicon, []))[1].append(index.index._wordinfo)
    removed = 0
    for lexicon, wordinfos in users.values():
        unused = lexicon._words
        for wordinfo in wordinfos:
            unused = difference(unused, wordinfo)
        for wid, word in list(unused.items()):
            del lexicon._words[wid]
            if lexicon._wids.get(word) == wid:
                del lexicon._wids[word]
            if hasattr(lexicon.length, "change"):
                lexicon.length.change(-1)
            removed += 1
    return removed
