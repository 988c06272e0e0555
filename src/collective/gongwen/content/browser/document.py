"""The page of a 发文/收文, the 处理笺: what the holder needs first, the fields behind a tab.

In this order (``document.pt``): the header (``@@gongwen-slip-header``: title,
文号/收文编号, marks, current step, holders, deadline), the 办理 panel with the
opinion box (``@@gongwen-action-panel``), the 正文 of a 发文, the 「文件」 panel
with the viewer, the opinion history (``@@gongwen-history``); the fields sit
in the 「详细信息」 tab, the empty ones left out. Fragments of other
capabilities (流程跟踪, 撤回, 催办, 主送/抄送 check) are included when present.

The messages of the last action are taken from Plone's bar and shown in the
panel the action came from (``posting.message_place``), at
``#gongwen-messages``, where the person is looking.

The 「文件」 panel lists the files in order with their conversion status and
the actions the person may take (forms posting to ``actions.py``), and shows
one file in the viewer: the one chosen (``?file=<id>``), else the default
(``files.default_file``). The panel's script reloads it while a file is
being converted, and while work on the document is under way
(``content.progress``: e.g. the 正式文件 being typeset), which it shows.
"""

import json

from Acquisition import aq_base
from plone import api
from plone.dexterity.browser.view import DefaultView
from Products.CMFCore.permissions import AddPortalContent
from Products.CMFCore.permissions import ManagePortal
from Products.CMFCore.permissions import ModifyPortalContent
from Products.Five.browser import BrowserView
from Products.statusmessages.interfaces import IStatusMessage
from zope.event import notify
from zope.i18n import translate
from zope.i18nmessageid import Message

from collective.gongwen.content import files
from collective.gongwen.content.blocks import UnprefixedBlocks
from collective.gongwen.content.browser import panel
from collective.gongwen.content.browser.tokens import new_form_token
from collective.gongwen.content.browser.viewer import is_converted
from collective.gongwen.content.browser.viewer import viewer_options
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.events import DocumentViewed
from collective.gongwen.content.limits import upload_limit_problem
from collective.gongwen.content.limits import upload_max_bytes
from collective.gongwen.content.permissions import AddAttachment
from collective.gongwen.content.posting import message_place
from collective.gongwen.content.progress import pending_keys
from collective.gongwen.content.progress import progress_notes
from collective.gongwen.content.vocabularies import file_roles

# Shown by the panel, not as fields: the original is moved into the files; the header
# shows the title, the 正文 block the 发文's text.
HIDDEN_FIELDS = (
    "IBasic.title",
    "IBasic.description",
    "title",
    "description",
    "original_file",
    "text",
)

# The panels the messages of an action may be shown in (``posting.PostAction.anchor``).
ACTIONS_PLACE = "gongwen-routing"
MESSAGE_PLACES = (ACTIONS_PLACE, "gongwen-body", "gongwen-files", "gongwen-receipts")


def is_empty(value):
    """True for a value a field shows nothing for: None, "", an empty list, set or mapping."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return not value
    return False


# The placeholder the panel's script fills with the size of a refused file.
SIZE_PLACEHOLDER = "{size}"


class DocumentView(UnprefixedBlocks, DefaultView):
    """``view`` of 发文/收文 (the blocks' fields in the type's fieldsets, ``blocks.py``)."""

    # viewer/assets.py loads the viewer's scripts on pages that say so.
    embeds_viewer = True

    def __call__(self):
        user = None if api.user.is_anonymous() else api.user.get_current().getId()
        notify(DocumentViewed(self.context, user))
        return super().__call__()

    def update(self):
        super().update()
        document = self.context
        # Shown in the panel the action came from, not in Plone's bar at the top.
        self.messages = [
            {"text": message.message, "type": message.type}
            for message in IStatusMessage(self.request).show()
        ]
        self.message_place = message_place(self.request, document, MESSAGE_PLACES, ACTIONS_PLACE)
        self.files = files.files_of(document)
        self.selected = self._selected()
        classified = is_classified_document(document)
        self.can_add = not classified and all(
            api.user.has_permission(permission, obj=document)
            for permission in (AddPortalContent, AddAttachment)
        )
        self.can_reorder = api.user.has_permission(ModifyPortalContent, obj=document)
        self.can_replace = not classified
        # Moves name a position among all the document's items (files.move_file).
        self.positions = {id: index for index, id in enumerate(document.objectIds())}
        self.rows = [self._row(item, index) for index, item in enumerate(self.files)]
        notes = progress_notes(document)
        self.progress = [
            {
                "key": note.key,
                "kind": note.kind,
                "text": translate(note.message, context=self.request),
                "link": note.link,
            }
            for note in notes
        ]
        self.working = " ".join(pending_keys(notes))
        self.pending = any(row["pending"] for row in self.rows)

    def visible_widgets(self, widgets):
        """The display widgets of ``widgets`` the 「详细信息」 tab shows: not the hidden
        fields, not the empty ones."""
        return [
            widget
            for widget in widgets.values()
            if widget.__name__ not in HIDDEN_FIELDS and not self._empty(widget)
        ]

    def visible_groups(self):
        """``(group, widgets)`` of the fieldsets with a field to show."""
        found = []
        for group in self.groups:
            widgets = self.visible_widgets(group.widgets)
            if widgets:
                found.append((group, widgets))
        return found

    def _empty(self, widget):
        field = getattr(widget, "field", None)
        name = getattr(field, "__name__", None)
        if name is None:
            return is_empty(widget.value)
        return is_empty(getattr(aq_base(self.context), name, None))

    def body(self):
        """The 发文's 正文 as safe HTML (``content/richtext.py`` cleaned it); "" without one."""
        text = getattr(aq_base(self.context), "text", None)
        output = getattr(text, "output", None) if text is not None else None
        return output or ""

    def messages_at(self, place):
        """The messages to show in panel ``place`` (all of them in one panel)."""
        return self.messages if place == self.message_place else []

    def _selected(self):
        chosen = self.request.form.get("file")
        for item in self.files:
            if item.getId() == chosen:
                return item
        return files.default_file(self.context)

    def _row(self, item, index):
        converted = is_converted(item)
        file = item.file
        return {
            "id": item.getId(),
            "uid": item.UID(),
            "url": item.absolute_url(),
            "role": panel.role_title(item, self.request),
            "title": item.Title(),
            "filename": file.filename if file else "",
            "size": panel.human_size(file.getSize() if file else 0),
            "state": panel.status_state(item),
            "status": panel.status_text(item, converted, self.request),
            "pending": panel.is_pending(item),
            "converted": converted,
            "selected": self.selected is not None and item.getId() == self.selected.getId(),
            "view_url": f"{self.context.absolute_url()}?file={item.getId()}#gongwen-viewer",
            "up": self.positions[self.files[index - 1].getId()] if index > 0 else None,
            "down": (
                self.positions[self.files[index + 1].getId()]
                if index < len(self.files) - 1
                else None
            ),
            "can_replace": self.can_replace
            and files.role_of(item) != files.BODY  # R-D6: 签出/签入 in the 正文 section
            and api.user.has_permission(ModifyPortalContent, obj=item),
            "can_reconvert": api.user.has_permission(ManagePortal, obj=item),
        }

    def selected_row(self):
        """The row of the file shown in the viewer; None without files."""
        for row in self.rows:
            if row["selected"]:
                return row
        return None

    def viewer_options(self):
        """The viewer's JSON settings for the selected file; None until it is converted."""
        row = self.selected_row()
        if row is None or not row["converted"]:
            return None
        return viewer_options(self.selected, self.request)

    def form_token(self):
        """A one-time token for the add form (``tokens.py``)."""
        return new_form_token()

    def max_bytes(self):
        """The upload limit in bytes, for the file inputs' ``data-max-bytes``."""
        return upload_max_bytes()

    def too_large_message(self):
        """The server's refusal of an oversized file, with ``{size}`` for the script to fill."""
        message = upload_limit_problem(upload_max_bytes() + 1)
        message = Message(message, mapping={**message.mapping, "size": SIZE_PLACEHOLDER})
        return translate(message, context=self.request)

    def file_roles(self):
        """``(token, title)`` of the roles a file can be added with, 附件 first."""
        return [
            (term.token, translate(term.title, context=self.request))
            for term in file_roles(self.context)
            if term.token not in files.SYSTEM_ROLES  # written by 归档 / the 正文 panel only
        ]


class ProgressStatus(BrowserView):
    """``@@gongwen-progress``: JSON of the work under way on a document, for polling."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps({"pending": pending_keys(progress_notes(self.context))})
