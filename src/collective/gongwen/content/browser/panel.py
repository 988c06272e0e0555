"""What the 「文件」 panel says about each file: role, name, size and conversion status.

Plain functions from a file to translated text, used by the document page
(``document.py``); the status and its words are those of ``conversion``, read
through the file's ``IFileStatus`` (``content.file_status``).
"""

from zope.i18n import translate

from collective.gongwen.content import files
from collective.gongwen.content.browser.viewer import viewer_record
from collective.gongwen.content.file_status import file_status
from collective.gongwen.content.vocabularies import file_roles


def human_size(size):
    """``size`` bytes as people read it: 512 B, 12.3 KB, 4.5 MB."""
    size = size or 0
    if size < 1024:
        return f"{size} B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 / 1024:.1f} MB"


def role_title(item, request):
    """The translated title of the role of ``item`` (附件, 来文原件…)."""
    vocabulary = file_roles(item)
    role = files.role_of(item)
    if role not in vocabulary:
        return role
    return translate(vocabulary.getTerm(role).title, context=request)


def status_message(item, converted):
    """The conversion status of ``item`` as a translatable message (排队中, 失败：…).

    The words are the conversion status service's own. ``converted`` is
    ``viewer.is_converted(item)``: a file converted before conversions had
    a status of their own counts as done.
    """
    pages = viewer_record(item).get("num_pages") if converted else None
    return file_status(item).message(converted, pages)


def status_text(item, converted, request):
    """``status_message`` translated for ``request`` (a failure's reason inside it too)."""
    return translate(status_message(item, converted), context=request)


def status_state(item):
    """The conversion state of ``item`` (None, queued, converting, done, failed)."""
    return file_status(item).state


def is_pending(item):
    """True while ``item`` waits for or undergoes conversion (the page asks again)."""
    return file_status(item).pending
