"""Add and edit forms of the documents: the stock Dexterity forms, plus two things.

* ``DocumentFormMixin`` runs the invariants of the schema and of its blocks
  (the rules R-D1…R-D3) once on the data of all fieldsets together. z3c.form
  validates invariants per fieldset, where a rule spanning 版头 and 主体 sees
  half its fields and is silently skipped on add forms. It names the blocks'
  widgets like the type's own (``blocks.UnprefixedBlocks``).
* ``AttachmentAddForm`` turns an attempt to add an attachment to a
  classified document into a Chinese message (R-D3) instead of a form, and
  refuses the body itself as a 附件 on the file field (R-D4).
* The 附件 forms refuse the Word 正文 (R-D6, ``bodyguard``): no file added as role 正文
  or under its id, none turned into one; the 正文 item's own edit form sends back to the
  document page with the reason (its versions are made in the 正文 panel only).
* The 附件 forms have no 「启用版本管理」 switch: a file is always versioned (R-A2,
  ``versions.AlwaysVersioned``).
"""

import contextlib
import functools

import transaction
from Acquisition import aq_inner
from Acquisition import aq_parent
from plone import api
from plone.dexterity.browser.add import DefaultAddForm
from plone.dexterity.browser.add import DefaultAddView
from plone.dexterity.browser.edit import DefaultEditForm
from plone.dexterity.interfaces import IDexterityEditForm
from plone.z3cform import layout
from z3c.form.interfaces import IErrorViewSnippet
from z3c.form.interfaces import WidgetActionExecutionError
from z3c.form.validator import Data
from zExceptions import BadRequest
from zope.component import getMultiAdapter
from zope.interface import Invalid
from zope.interface import classImplements
from zope.interface.interface import InterfaceClass

from collective.gongwen import _
from collective.gongwen.content import bodyguard
from collective.gongwen.content import files
from collective.gongwen.content.blocks import UnprefixedBlocks
from collective.gongwen.content.classified import is_classified_document
from collective.gongwen.content.classified import log_refusal
from collective.gongwen.content.submission import body_copy_problems
from collective.gongwen.content.submission import problems_text


def _without_invariant_errors(errors):
    # Errors not bound to a widget are the invariants' (computed on one fieldset).
    return tuple(error for error in errors or () if error.widget is not None)


@functools.cache
def document_fields(schemata):
    """One interface with the fields of all ``schemata`` (the type's and its blocks')."""
    return InterfaceClass("DocumentFields", bases=schemata, __module__=__name__)


class DocumentFormMixin(UnprefixedBlocks):
    """Validate the invariants of the schema and its blocks on the whole form's data."""

    is_add_form = False

    def extractData(self, setErrors=True):
        data, errors = super().extractData(setErrors=setErrors)
        errors = _without_invariant_errors(errors)
        for manager in [self.widgets] + [group.widgets for group in self.groups]:
            manager.errors = _without_invariant_errors(manager.errors)
        content = None if self.is_add_form else self.context
        schemata = (self.schema, *self.additionalSchemata)
        fields = document_fields(schemata)
        values = Data(fields, {name: data[name] for name in fields if name in data}, content)
        # Rules needing the location (R-D1: the unit's subordinates) read it here.
        values.gongwen_context = self.context
        invalid = []
        for schema in schemata:
            # Invalid is raised after all invariants ran; the errors are in ``invalid``.
            with contextlib.suppress(Invalid):
                schema.validateInvariants(values, invalid)
        views = []
        for error in invalid:
            if type(error) is not Invalid:
                continue  # NoInputData: a read-only value the add form does not have
            view = getMultiAdapter(
                (error, self.request, None, None, self, content), IErrorViewSnippet
            )
            view.update()
            views.append(view)
        if views and setErrors:
            self.widgets.errors = tuple(self.widgets.errors) + tuple(views)
        return data, errors + tuple(views)


class DocumentAddForm(DocumentFormMixin, DefaultAddForm):
    """Add form of 发文/收文."""

    is_add_form = True


class DocumentAddView(DefaultAddView):
    """The ``++add++gongwen_outgoing`` / ``++add++gongwen_incoming`` view."""

    form = DocumentAddForm


class DocumentEditForm(DocumentFormMixin, DefaultEditForm):
    """Edit form of 发文/收文."""


# plone.versioning's switch, in the forms' 设置 fieldset
VERSIONING_SWITCH = "IVersionable.versioning_enabled"


def without_versioning_switch(form):
    """Take the 「启用版本管理」 switch out of ``form``'s fields (a file is always versioned);
    a fieldset left empty goes too."""
    form.fields = form.fields.omit(VERSIONING_SWITCH)
    for group in form.groups:
        group.fields = group.fields.omit(VERSIONING_SWITCH)
    form.groups = [group for group in form.groups if len(group.fields)]


class AttachmentFormMixin:
    """The 附件 forms: without the 「启用版本管理」 switch, and refused before they are shown
    when ``refusal()`` says so — its message shown, back to its page, nothing rendered."""

    def updateFields(self):
        super().updateFields()
        without_versioning_switch(self)

    def refusal(self):
        """``(message, url to go back to)`` when the form is refused; None to show it."""
        return None

    def update(self):
        refused = self.refusal()
        if refused is not None:
            message, url = refused
            api.portal.show_message(message, request=self.request, type="error")
            self.request.response.redirect(url)
            return
        super().update()

    def render(self):
        if self.request.response.getStatus() in (301, 302):
            return ""
        return super().render()


class AttachmentAddForm(AttachmentFormMixin, DefaultAddForm):
    """Add form of 附件; refuses (and logs) adding to a classified document (R-D3)."""

    def refusal(self):
        if not is_classified_document(self.context):
            return None
        log_refusal(self.context, "add attachment (add form)")
        message = _(
            "classified_attachment_refused",
            default="涉密公文不得添加附件（第二条），已拒绝并记录。",
        )
        return message, self.context.absolute_url()

    def add(self, object):
        """R-D4: the body itself is refused as a 附件 on the form, before it is added;
        R-D6: so is a file of role 正文 (or one the guard refuses: its id ``zhengwen``)."""
        problems = body_copy_problems(self.context, object)
        if problems:
            raise WidgetActionExecutionError("file", Invalid(problems_text(problems)))
        if files.role_of(object) == files.BODY:
            raise WidgetActionExecutionError("file_role", Invalid(bodyguard.refusal_text()))
        try:
            return super().add(object)
        except BadRequest as refused:  # bodyguard (or R-D4) on the add itself
            transaction.doom()  # nothing of it is kept
            raise WidgetActionExecutionError("file", Invalid(str(refused))) from None


class AttachmentAddView(DefaultAddView):
    """The ``++add++gongwen_attachment`` view."""

    form = AttachmentAddForm


class AttachmentEditForm(AttachmentFormMixin, DefaultEditForm):
    """Edit form of 附件, without the 「启用版本管理」 switch; never of the Word 正文 (R-D6)."""

    def refusal(self):
        if files.role_of(self.context) != files.BODY:
            return None
        document = aq_parent(aq_inner(self.context))
        return bodyguard.REFUSED, f"{document.absolute_url()}#gongwen-body"

    def applyChanges(self, data):
        if data.get("file_role") == files.BODY:
            raise WidgetActionExecutionError("file_role", Invalid(bodyguard.refusal_text()))
        return super().applyChanges(data)


# As plone.dexterity's own ``@@edit`` (``DefaultEditView``): the form in Plone's layout.
AttachmentEditView = layout.wrap_form(AttachmentEditForm)
classImplements(AttachmentEditView, IDexterityEditForm)
