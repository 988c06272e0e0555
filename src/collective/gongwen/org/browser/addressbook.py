"""The address book on screen (R-D7): the 「通讯录」 folder's page, and the entries the
主送/抄送 picker (``static/addressbook-picker.js``) loads from ``@@gongwen-addressbook-entries``.

Thin: the entries are ``org.addressbook``'s; who may add or edit an organ is
the type's permission and its workflow (the unit's office).
"""

import json

from AccessControl import Unauthorized
from plone import api
from Products.Five.browser import BrowserView
from zope.i18n import translate

from collective.gongwen import _
from collective.gongwen.org import addressbook_rules as rules
from collective.gongwen.org.addressbook import ORGAN_TYPE
from collective.gongwen.org.addressbook import organs
from collective.gongwen.org.addressbook import picker_entries
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.vocabularies import EXCHANGE_METHOD_TITLES

GROUP_TITLES = {
    rules.OWN_GROUP: _("addressbook_group_own", default="本单位科室"),
    rules.PORTAL_GROUP: _("addressbook_group_portal", default="系统内单位"),
    rules.ORGAN_GROUP: _("addressbook_group_organs", default="外部机关"),
}
# What the picker says; sent with the entries so the script carries no text of its own.
PICKER_TEXTS = {
    "placeholder": _("addressbook_placeholder", default="输入名称查找，按回车选择"),
    "free": _("addressbook_free_entry", default="添加「${name}」（不在通讯录，按系统外机关处理）"),
    "outside": _("addressbook_outside_chip", default="不在通讯录"),
    "warning": _(
        "addressbook_outside_warning",
        default="以下机关不在通讯录中，将作为系统外机关以交换包发送：${names}",
    ),
    "remove": _("addressbook_remove", default="移除「${name}」"),
    "empty": _("addressbook_no_match", default="通讯录中没有匹配的机关"),
    "list": _("addressbook_list_note", default="分发至本单位各科室"),
}


def _text(message, request):
    return translate(message, context=request)


def entry_note(entry, request):
    """The short note beside an entry in the picker: a list's reach, an organ's method."""
    if entry.kind == rules.LIST:
        return _text(PICKER_TEXTS["list"], request)
    if entry.kind == rules.ORGAN:
        title = EXCHANGE_METHOD_TITLES.get(entry.method, EXCHANGE_METHOD_TITLES[rules.PACKAGE])
        return _text(title, request)
    return ""


def grouped_entries(unit, request):
    """``[{"key", "title", "entries": [{"name", "note", "aliases"}]}]`` of ``unit``'s book."""
    return [
        {
            "key": key,
            "title": _text(GROUP_TITLES[key], request),
            "entries": [
                {"name": e.name, "note": entry_note(e, request), "aliases": list(e.aliases)}
                for e in entries
            ],
        }
        for key, _title, entries in rules.grouped(picker_entries(unit))
    ]


class AddressBookEntries(BrowserView):
    """``@@gongwen-addressbook-entries``: the book of the unit around the context, as JSON."""

    def __call__(self):
        if api.user.is_anonymous():
            raise Unauthorized("the address book is for staff")
        unit = find_unit(self.context)
        data = {
            "groups": grouped_entries(unit, self.request),
            "texts": {key: _text(message, self.request) for key, message in PICKER_TEXTS.items()},
        }
        response = self.request.response
        response.setHeader("Content-Type", "application/json; charset=utf-8")
        response.setHeader("Cache-Control", "private, no-store")
        return json.dumps(data, ensure_ascii=False)


class AddressBookView(BrowserView):
    """The 「通讯录」 folder's page: the unit's book by group, the organs with their method."""

    def groups(self):
        return grouped_entries(find_unit(self.context), self.request)

    def organ_rows(self):
        unit = find_unit(self.context)
        rows = []
        # What the reader may see (the organs' workflow: staff), not the book's unrestricted read.
        found = organs(unit) if unit is not None else []
        for organ in [o for o in found if api.user.has_permission("View", obj=o)]:
            method = getattr(organ, "exchange_method", None) or rules.PACKAGE
            rows.append(
                {
                    "title": organ.Title(),
                    "url": organ.absolute_url(),
                    "short_names": "、".join(getattr(organ, "short_names", None) or ()),
                    "method": _text(EXCHANGE_METHOD_TITLES.get(method, method), self.request),
                    "contact": getattr(organ, "contact", None) or "",
                    "may_edit": api.user.has_permission("Modify portal content", obj=organ),
                }
            )
        return rows

    def add_url(self):
        """The add form of an organ, for whoever may add one here (the office), else None."""
        if not api.user.has_permission("collective.gongwen: Add Organ", obj=self.context):
            return None
        return f"{self.context.absolute_url()}/++add++{ORGAN_TYPE}"
