"""The receipts of a sent 发文 on its page (R-X1, R-X2), and ``@@gongwen-recall``.

The table shows each delivery with its trail: sent, first opened (by whom,
when), signed for, returned (with the reason), recalled, and refused recalls.
A secretary of the sending unit may recall a delivery its recipient has not
opened yet (第十三条, ``actions.may_recall``); the document then comes back to 审核发送.
"""

from Products.Five.browser import BrowserView

from collective.gongwen import _
from collective.gongwen.content.posting import PostAction
from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.browser import display
from collective.gongwen.interfaces import IGongwenOutgoing


class Receipts(BrowserView):
    """``@@gongwen-receipts``: included by the document page; empty without deliveries."""

    def __call__(self):
        if not IGongwenOutgoing.providedBy(self.context):
            return ""
        self.records = deliveries.deliveries(self.context)
        if not self.records:
            return ""
        return self.index()

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
