"""The named event of numbering: a document was given its 文号 or 收文编号 (R-O8, R-I1).

Fired by ``numbering._issue``, the one place numbers are issued; typeset
subscribes for the 正式文件 (R-T1), the audit trail will too.
"""

from zope.interface import Attribute
from zope.interface import implementer
from zope.interface.interfaces import IObjectEvent
from zope.interface.interfaces import ObjectEvent


class IDocumentNumbered(IObjectEvent):
    """``object`` holds ``number`` (a 文号 or 收文编号) issued to it.

    Fired on each issuing call, also when a document asks again and gets the
    number it already holds (``repeated``), e.g. 登记编号 taken again after a return.
    """

    number = Attribute("The number as written, e.g. 「长河〔2026〕7号」")
    kind = Attribute("'issue' (文号, 发文) or 'receipt' (收文编号, 收文)")
    repeated = Attribute("True when the document already held this number")


@implementer(IDocumentNumbered)
class DocumentNumbered(ObjectEvent):
    def __init__(self, document, number, kind, repeated=False):
        super().__init__(document)
        self.number = number
        self.kind = kind
        self.repeated = repeated
