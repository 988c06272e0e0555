"""The page of a 发文/收文: its fields, then the 「文件」 panel with the viewer.

The fields are shown as Dexterity's default view shows them. The panel
lists the files in order with their conversion status and the actions the
person may take (forms posting to ``actions.py``), and shows one file in
the viewer: the one chosen (``?file=<id>``), else the default
(``files.default_file``). The panel's script reloads it while a file is
being converted, and while work on the document is under way
(``content.progress``: e.g. the 正式文件 being typeset), which it shows.
"""

import json

from plone import api
from plone.dexterity.browser.view import DefaultView
from Products.CMFCore.permissions import AddPortalContent
from Products.CMFCore.permissions import ManagePortal
from Products.CMFCore.permissions import ModifyPortalContent
from Products.Five.browser import BrowserView
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
from collective.gongwen.content.progress import pending_keys
from collective.gongwen.content.progress import progress_notes
from collective.gongwen.content.vocabularies import file_roles

# Shown by the panel, not as fields: the original is moved into the files.
HIDDEN_FIELDS = ("IBasic.title", "IBasic.description", "title", "description", "original_file")

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
        """The display widgets of ``widgets`` the page shows as fields."""
        return [widget for widget in widgets.values() if widget.__name__ not in HIDDEN_FIELDS]

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
            if term.token != files.RECORD  # written by 归档 only
        ]


class ProgressStatus(BrowserView):
    """``@@gongwen-progress``: JSON of the work under way on a document, for polling."""

    def __call__(self):
        response = self.request.response
        response.setHeader("Content-Type", "application/json")
        response.setHeader("Cache-Control", "no-store")
        return json.dumps({"pending": pending_keys(progress_notes(self.context))})
