"""The receipts of a sent 发文 on its page (R-X1, R-X2), ``@@gongwen-recall``, and
``@@gongwen-recipients-check``: before 发送, where each 主送/抄送 name will go, the names
outside the address book flagged (R-D7).

The table shows each delivery with its trail: sent, first opened (by whom,
when), signed for, returned (with the reason), recalled, and refused recalls.
A secretary of the sending unit may recall a delivery its recipient has not
opened yet (第十三条, ``actions.may_recall``); the document then comes back to 审核发送.
"""

from Products.Five.browser import BrowserView
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from zope.component import getMultiAdapter
from zope.i18nmessageid import Message

from collective.gongwen import _
from collective.gongwen.content.posting import PostAction
from collective.gongwen.content.rules import clean_names
from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.browser import display
from collective.gongwen.interfaces import IGongwenOutgoing
from collective.gongwen.org import addressbook_rules as book_rules
from collective.gongwen.org.addressbook import address_book
from collective.gongwen.org.units import find_unit
from collective.gongwen.org.vocabularies import EXCHANGE_METHOD_TITLES

# Where a delivery goes, by what the address book says the name is (R-D7).
DESTINATION_TITLES = {
    book_rules.UNIT: _("destination_unit", default="系统内单位，由其秘书签收"),
    book_rules.DEPARTMENT: _("destination_department", default="科室，由其部门收文员签收"),
    book_rules.ORGAN: _("destination_organ", default="外部机关（通讯录），${method}"),
    None: _("destination_unknown", default="不在通讯录，按系统外机关以交换包发送"),
}
LEGACY_OUTSIDE = _("label_outside_portal", default="（系统外，使用交换包）")


def unknown_recipients(document, book):
    """The 主送/抄送 names of ``document`` outside ``book``, its unit's address book (R-D7)."""
    names = clean_names(getattr(document, "main_recipients", None)) + clean_names(
        getattr(document, "cc_recipients", None)
    )
    return book_rules.unknown(names, book)


def destination(entry, request, members=()):
    """What a 主送/抄送 name's delivery will be, in Chinese (``entry`` None: outside the book)."""
    if entry is not None and entry.kind == book_rules.LIST:
        return display.text(
            _(
                "destination_list",
                default="分发至本单位各科室（${departments}），由各科室收文员签收",
                mapping={"departments": "、".join(members)},
            ),
            request,
        )
    kind = entry.kind if entry is not None else None
    return display.text(
        Message(DESTINATION_TITLES[kind], mapping={"method": method_text(entry, request)}),
        request,
    )


def method_text(entry, request):
    """The exchange method of an external organ's entry (or record), in Chinese."""
    method = getattr(entry, "method", None) if not isinstance(entry, dict) else entry.get("method")
    title = EXCHANGE_METHOD_TITLES.get(method or book_rules.PACKAGE)
    return display.text(title, request) if title is not None else ""


class Receipts(BrowserView):
    """``@@gongwen-receipts``: included by the document page; empty without deliveries."""

    def __call__(self):
        if not IGongwenOutgoing.providedBy(self.context):
            return ""
        self.records = deliveries.deliveries(self.context)
        self.check = getMultiAdapter(
            (self.context, self.request), name="gongwen-recipients-check"
        )()
        if not self.records:
            return self.check
        return self.index()

    def outside_label(self, record):
        """How the table marks a recipient outside the portal (empty for one on it)."""
        if record.get("unit_uid"):
            return ""
        if "book" not in record:
            return display.text(LEGACY_OUTSIDE, self.request)
        if record["book"] is None:
            return display.text(
                _("label_outside_book", default="（不在通讯录，系统外，使用交换包）"), self.request
            )
        method = method_text(record, self.request)
        return display.text(
            _("label_outside_organ", default="（外部机关，${method}）", mapping={"method": method}),
            self.request,
        )

    def rows(self):
        request = self.request
        recall = actions.may_recall(self.context)
        rows = []
        for record in self.records:
            opened = display.first(record, rules.OPENED)
            done = next(
                (
                    entry
                    for entry in reversed(record["trail"])
                    if entry["event"] in (rules.SIGNED, rules.RETURNED, rules.RECALLED)
                ),
                None,
            )
            rows.append(
                {
                    "id": record["id"],
                    "recipient": record["recipient"],
                    "kind": display.text(display.KIND_TITLES[record["kind"]], request),
                    "on_portal": bool(record.get("unit_uid")),
                    "outside": self.outside_label(record),
                    "unknown": "book" in record
                    and not record.get("unit_uid")
                    and not record["book"],
                    "list_name": record.get("list_name", ""),
                    "state": display.text(display.STATE_TITLES[record["state"]], request),
                    "sent": display.when(record["trail"][0]["time"]),
                    "opened": (
                        f"{display.person(opened['actor'])} {display.when(opened['time'])}"
                        if opened
                        else ""
                    ),
                    "done": (
                        f"{display.person(done['actor'])} {display.when(done['time'])}"
                        if done
                        else ""
                    ),
                    "reason": (done or {}).get("reason", ""),
                    "may_recall": recall and record["state"] == rules.SENT,
                    "trail": display.trail_rows(record, request),
                }
            )
        return rows


class RecipientsCheck(BrowserView):
    """``@@gongwen-recipients-check``: the 发送 preview and the flag of R-D7 on a 发文's page.

    Until the document is delivered, each 主送/抄送 name with where it will
    go (a unit's secretaries, a department's receivers, every department of
    a list, an external organ and its exchange method); any name outside
    the address book is named in a warning — it is sent as an external
    organ, never silently. Once delivered, empty: the receipts mark such a
    recipient (``Receipts.outside_label``).
    """

    index = ViewPageTemplateFile("receipts_check.pt")

    # Set on the request once shown: the page may include this view in the 办理 panel's
    # area and through ``@@gongwen-receipts``; the first place wins, the second is empty.
    shown_key = "gongwen.recipients_check_shown"

    def __call__(self):
        if not IGongwenOutgoing.providedBy(self.context) or self.request.get(self.shown_key):
            return ""
        self.request.set(self.shown_key, True)
        if deliveries.deliveries(self.context):
            return ""  # sent: the receipts mark each recipient outside the book
        book = address_book(find_unit(self.context))  # every unit, department and organ: once
        self.unknown = unknown_recipients(self.context, book)
        self.preview = self.preview_rows(book)
        if not self.unknown and not self.preview:
            return ""
        return self.index()

    def preview_rows(self, book):
        plan = rules.delivery_plan(
            getattr(self.context, "main_recipients", None),
            getattr(self.context, "cc_recipients", None),
        )
        rows = []
        for name, kind in plan:
            entry = book_rules.find(name, book)
            members = entry.members if entry is not None else ()
            rows.append(
                {
                    "recipient": name,
                    "kind": display.text(display.KIND_TITLES[kind], self.request),
                    "destination": destination(entry, self.request, members),
                    "unknown": entry is None,
                }
            )
        return rows

    def warning(self):
        return display.text(
            _(
                "msg_recipients_outside_book",
                default="以下机关不在通讯录中，将作为系统外机关以交换包发送：${names}。"
                "如为本单位科室或系统内单位，请改用通讯录中的名称。",
                mapping={"names": "、".join(f"「{name}」" for name in self.unknown)},
            ),
            self.request,
        )


class Recall(PostAction):
    """``@@gongwen-recall`` (POST): recall one delivery of the document."""

    anchor = "gongwen-receipts"

    def outcome(self):
        document = self.document
        if not actions.may_recall(document):
            return (
                _("recall_not_allowed", default="只有发文单位的秘书可以收回已发送的公文。"),
                "error",
            )
        try:
            actions.recall_delivery(
                document,
                self.request.form.get("delivery", ""),
                self.request.form.get("reason", ""),
            )
        except rules.DeliveryRefused as refused:
            return display.refusal(refused.code, self.request, refused.message), "error"
        return (
            _("recall_done", default="已收回，公文回到「办公室秘书审核发送」环节。"),
            "info",
        )
