"""``@@gongwen-delivery`` on a unit: one delivery as its secretaries see it (R-X1, R-X2).

Opening it records the first open (after which the sender can no longer
recall it); the page shows the document's register data and its 正式文件 and
附件 (readable by the unit's secretaries while it waits), with 签收 and 退回.
Both are CSRF-checked POSTs; a refusal (recalled meanwhile, signed by a
colleague, no reason given) comes back as a Chinese message and changes
nothing.
"""

from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.protect.authenticator import check as check_authenticator
from plone.protect.interfaces import IDisableCSRFProtection
from Products.Five.browser import BrowserView
from zExceptions import NotFound
from zope.interface import alsoProvides

from collective.gongwen import _
from collective.gongwen.content.files import ATTACHMENT
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import files_of
from collective.gongwen.content.files import role_of
from collective.gongwen.content.times import format_date
from collective.gongwen.content.vocabularies import title_of
from collective.gongwen.exchange import actions
from collective.gongwen.exchange import deliveries
from collective.gongwen.exchange import rules
from collective.gongwen.exchange.browser import display
from collective.gongwen.exchange.browser.tosign import require_secretary
from collective.gongwen.exchange.receive import ExchangeRefused
from collective.gongwen.org.units import find_unit


class DeliveryView(BrowserView):
    """The delivery page and its 签收 / 退回 POST."""

    def __call__(self):
        require_secretary(self.context)
        self.document = self._document()
        self.record = deliveries.delivery(self.document, self.request.get("delivery", ""))
        if self.record is None or deliveries.recipient_uid(self.record) != self.context.UID():
            raise NotFound("no such delivery for this unit")
        if self.request.method == "POST":
            return self._post()
        if rules.is_waiting(self.record["state"]):
            if self.record["state"] == rules.SENT:
                # A GET that writes: the receipt of the first open (R-X1).
                alsoProvides(self.request, IDisableCSRFProtection)
            self.record = actions.open_delivery(self.document, self.record["id"])
        return self.index()

    def _document(self):
        with api.env.adopt_roles(["Manager"]):
            document = uuidToObject(self.request.get("document", ""), unrestricted=True)
        if document is None or getattr(document, "portal_type", None) != "gongwen_outgoing":
            raise NotFound("no such document")
        return document

    def _post(self):
        check_authenticator(self.request)
        action = self.request.form.get("action")
        delivery_id = self.record["id"]
        to_sign = f"{self.context.absolute_url()}/@@gongwen-to-sign"
        try:
            if action == "sign":
                incoming = actions.sign_delivery(self.document, delivery_id, self.context)
                if incoming is None:  # a department: it keeps reading the files
                    message, target = (
                        _("delivery_signed_department", default="已签收。"),
                        self.url(),
                    )
                else:
                    message = _(
                        "delivery_signed",
                        default="已签收，收文已登记为 ${number}。",
                        mapping={
                            "number": getattr(incoming, "receipt_number", "") or incoming.Title()
                        },
                    )
                    target = incoming.absolute_url()
            elif action == "return":
                actions.return_delivery(
                    self.document, delivery_id, self.request.form.get("reason", "")
                )
                message, target = _("delivery_returned", default="已退回发文单位。"), to_sign
            else:
                raise rules.DeliveryRefused("not_allowed")
        except (rules.DeliveryRefused, ExchangeRefused) as refused:
            reason = (
                refused.message
                if isinstance(refused, ExchangeRefused)
                else display.refusal(refused.code, self.request, refused.message)
            )
            api.portal.show_message(reason, request=self.request, type="error")
            waiting = rules.is_waiting(deliveries.delivery(self.document, delivery_id)["state"])
            self.request.response.redirect(self.url() if waiting else to_sign)
            return ""
        api.portal.show_message(message, request=self.request, type="info")
        self.request.response.redirect(target)
        return ""

    # What the page shows

    def url(self):
        """This delivery's page."""
        return (
            f"{self.context.absolute_url()}/@@gongwen-delivery?document={self.document.UID()}"
            f"&delivery={self.record['id']}"
        )

    def waiting(self):
        return rules.is_waiting(self.record["state"])

    def for_department(self):
        return bool(self.record.get("department_id"))

    def state(self):
        return display.text(display.STATE_TITLES[self.record["state"]], self.request)

    def fields(self):
        """The register data of the delivered document, as (label, value) pairs."""
        document = self.document
        sender = find_unit(document)
        t = lambda message: display.text(message, self.request)  # noqa: E731
        return [
            (t(_("column_sender", default="发文机关")), sender.Title() if sender else ""),
            (t(_("label_issue_number", default="发文字号")), document.issue_number or ""),
            (t(_("label_document_title", default="标题")), document.Title()),
            (t(_("label_doc_kind", default="文种")), title_of("doc_kind", document.doc_kind)),
            (t(_("label_urgency", default="紧急程度")), title_of("urgency", document.urgency)),
            (
                t(_("label_main_recipients", default="主送机关")),
                "、".join(getattr(document, "main_recipients", None) or ()),
            ),
            (
                t(_("label_cc_recipients", default="抄送机关")),
                "、".join(getattr(document, "cc_recipients", None) or ()),
            ),
            (
                t(_("label_written_date", default="成文日期")),
                format_date(getattr(document, "written_date", None)),
            ),
            (
                t(_("column_delivery_kind", default="主送/抄送")),
                t(display.KIND_TITLES[self.record["kind"]]),
            ),
        ]

    def files(self):
        """The 正式文件 and 附件 with links to their viewer, while the recipient reads them."""
        if not deliveries.reads_files(self.record):
            return []
        return [
            {
                "title": item.Title(),
                "url": item.absolute_url(),
                "official": role_of(item) == TYPESET,
            }
            for item in files_of(self.document)
            if role_of(item) in (TYPESET, ATTACHMENT)
        ]

    def trail(self):
        return display.trail_rows(self.record, self.request)
