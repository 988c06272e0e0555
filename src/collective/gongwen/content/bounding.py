"""R-SEC5 bounds applied to Plone: the limits in force and the refusals on every path.

The rules are ``content/bounds.py`` (plain Python); this module is the glue:

* ``configured_limits``: the limits bureaus set in 公文设置 (title, opinion,
  body pages), the defaults when the records are missing;
* ``BoundsPlugin`` (and, for the schemas made while ZCML is read,
  ``bound_loaded_schemas``) puts a ``BoundConstraint`` on every field of every
  schema of this package (and ``bound_fields`` on 公文设置's), so z3c.form's
  add/edit forms, the control panel and plone.restapi's POST/PATCH refuse an
  over-long value with the Chinese message naming the limit (``doc()``);
* ``opinion_refusal``: the message for an opinion, reason or note over the
  limit — ``routing.actions.act``, ``incoming.actions.act_incoming``,
  ``exchange.actions``, 催办 and ``@workflow`` ask it before they act, and
  ``refuse_long_comment`` stops any workflow transition of our content whose
  comment is over it (plone.restapi's stock ``@workflow`` included).
"""

from plone.app.textfield.interfaces import IRichText
from plone.supermodel.interfaces import ISchema
from plone.supermodel.interfaces import ISchemaPlugin
from plone.supermodel.model import Schema
from plone.supermodel.model import SchemaClass
from Products.CMFCore.WorkflowCore import WorkflowException
from zope.component import adapter
from zope.globalrequest import getRequest
from zope.i18n import translate
from zope.interface import implementer
from zope.schema import ValidationError
from zope.schema import getFields
from zope.schema.interfaces import ICollection
from zope.schema.interfaces import IDate
from zope.schema.interfaces import IDatetime
from zope.schema.interfaces import IInt
from zope.schema.interfaces import IText
from zope.schema.interfaces import ITextLine

from collective.gongwen import _
from collective.gongwen.content import bounds
from collective.gongwen.content.settings import setting

CONFIGURABLE = ("title_max_chars", "opinion_max_chars", "body_max_pages")
PACKAGE_PREFIX = "collective.gongwen."


def configured_limits():
    """The ``bounds.Limits`` set in 公文设置; a missing or broken record keeps its default."""
    values = {}
    for name in CONFIGURABLE:
        value = setting(name)
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            values[name] = value
    return bounds.Limits(**values)


def message(problem):
    """The i18n message of a ``bounds``/``rules`` Problem."""
    return _(problem.msgid, default=problem.default, mapping=problem.mapping)


def text(msg):
    """``msg`` translated for the current request."""
    return translate(msg, context=getRequest())


class BoundExceeded(ValidationError):
    """A value over its bound; ``doc()`` is the Chinese message naming the limit.

    z3c.form shows ``doc()`` on the field; plone.restapi returns it in its 400.
    """

    def doc(self):
        return text(self.args[0])


def bound_of(field):
    """The ``bounds`` bound of the zope.schema ``field``, or None (choices, booleans, files)."""
    named = bounds.FIELD_BOUNDS.get(field.__name__)
    if IDate.providedBy(field) or IDatetime.providedBy(field):
        return bounds.YEAR
    if named is not None:
        return named
    if IRichText.providedBy(field):
        return bounds.Body()
    if ICollection.providedBy(field):
        item = getattr(field, "value_type", None)
        item_chars = getattr(item, "max_length", None) or bounds.DEFAULT_ITEMS.item_max_chars
        max_items = field.max_length or bounds.DEFAULT_ITEMS.max_items
        return bounds.Items(max_items, item_chars)
    if ITextLine.providedBy(field):
        return bounds.Text(field.max_length or bounds.DEFAULT_TEXT_LINE.max_chars)
    if IText.providedBy(field):
        return bounds.Text(field.max_length or bounds.DEFAULT_TEXT.max_chars)
    if IInt.providedBy(field):
        default = bounds.DEFAULT_NUMBER
        minimum = default.minimum if field.min is None else field.min
        maximum = default.maximum if field.max is None else field.max
        return bounds.Number(minimum, maximum)
    return None


def field_label(field):
    """The field's title as people read it."""
    return text(field.title) if field.title else field.__name__


def field_problem(field, value, limits=None):
    """The bound problem of ``value`` for ``field``, or None."""
    bound = bound_of(field)
    if bound is None:
        return None
    if isinstance(bound, bounds.Body):
        value = getattr(value, "raw", value)
    return bounds.bound_problem(bound, value, field_label(field), limits or configured_limits())


class BoundConstraint:
    """A field's constraint: its former one, then its bound (raises ``BoundExceeded``)."""

    def __init__(self, field, previous=None):
        self.field = field
        self.previous = previous

    def __call__(self, value):
        if self.previous is not None and not self.previous(value):
            return False
        problem = field_problem(self.field, value)
        if problem is not None:
            raise BoundExceeded(message(problem))
        return True


def bound_fields(schema):
    """Put a ``BoundConstraint`` on each bounded field of ``schema`` (once)."""
    for field in getFields(schema).values():
        own = field.__dict__.get("constraint")
        if isinstance(own, BoundConstraint) or bound_of(field) is None:
            continue
        field.constraint = BoundConstraint(field, own)


@adapter(ISchema)
@implementer(ISchemaPlugin)
class BoundsPlugin:
    """Bounds every field of this package's supermodel schemas (after their fields exist)."""

    order = 1100  # after plone.supermodel.load (-1000) and the upload limit (1000)

    def __init__(self, schema):
        self.schema = schema

    def __call__(self):
        if self.schema.__identifier__.startswith(PACKAGE_PREFIX):
            bound_fields(self.schema)


def our_schemas(parent=Schema):
    """This package's supermodel schemas created so far (``parent``'s dependents, recursively)."""
    found = set()
    stack = [parent]
    while stack:
        schema = stack.pop()
        if isinstance(schema, SchemaClass) and schema.__identifier__.startswith(PACKAGE_PREFIX):
            found.add(schema)
        stack.extend(getattr(schema, "dependents", {}).keys())
    return found


def behaviour_fields():
    """The fields our types take from Plone's behaviours that people type freely.

    plone.versioning's 修改说明 (附件) and plone.publication's dates (通知公告、
    工作动态). The bounds hold wherever these behaviours are used: harmless
    limits (500 characters, years 1949–2100) for any content of the site.
    """
    from plone.app.dexterity.behaviors.metadata import IPublication
    from plone.app.versioningbehavior.behaviors import IVersionable

    return [IVersionable["changeNote"], IPublication["effective"], IPublication["expires"]]


def bound_loaded_schemas():
    """ZCML action, after plone.supermodel's ``finalizeSchemas``: bound the schemas already made.

    A schema module imported while ZCML is read (``for=`` attributes) is
    finalized before ``BoundsPlugin`` is registered; later ones get it from
    the plugin.
    """
    for schema in our_schemas():
        bound_fields(schema)
    for field in behaviour_fields():
        own = field.__dict__.get("constraint")
        if not isinstance(own, BoundConstraint):
            field.constraint = BoundConstraint(field, own)


def text_refusal(value, bound, label):
    """The message refusing the text ``value`` over the ``bounds.Text`` ``bound``, else None."""
    if not isinstance(value, str):
        return None
    problem = bounds.bound_problem(bound, value.strip(), text(label), configured_limits())
    return None if problem is None else message(problem)


def opinion_refusal(value, label=None):
    """The message refusing an opinion, reason or note over 公文设置's limit, else None."""
    label = label if label is not None else _("bound_label_opinion", default="意见")
    return text_refusal(value, bounds.OPINION, label)


class CommentTooLong(WorkflowException):
    """A workflow comment over the limit; ``str()`` is the Chinese message (plone.restapi's 400)."""

    def __init__(self, msg):
        # CMFCore's WorkflowTool re-raises as ``type(exc)(exc)``: keep the message.
        self.message = msg.message if isinstance(msg, CommentTooLong) else msg
        super().__init__(str(self.message))

    def __str__(self):
        return text(self.message)


def refuse_long_comment(obj, event):
    """Before any transition of our content: a comment over the opinion limit is refused.

    The backstop for paths that reach the workflow tool directly; the
    panels, ``@workflow`` and ``exchange.actions`` checked the typed text
    first. A comment the system composes (退回: 「机关：原因」) may carry an
    organ's name before a reason within the limit.
    """
    comment = (getattr(event, "kwargs", None) or {}).get("comment")
    if not isinstance(comment, str):
        return
    limits = configured_limits()
    allowed = limits.opinion_max_chars + bounds.COMPOSED_PREFIX_MAX
    if len(comment.strip()) > allowed:
        label = text(_("bound_label_opinion", default="意见"))
        raise CommentTooLong(message(bounds.opinion_problem(comment.strip(), limits, label)))
