"""The 正式文件 of a 发文 (R-T1): typeset at 登记编号 and kept with the document.

The PDF is the document's file of role 正式文件 (``content.files.TYPESET``),
id ``official``, named 文号 + 标题 (R-T1 item 3). It is made when the print
room numbers the document (every path: the routing subscriber calls
``typeset_official``) and may be made again until it is sent; each new
typesetting is a new version of the same file, so the viewer and the
versions page keep the earlier ones.

The 附件 follow the text, each with its pages (7.3.7); one not yet converted
to PDF gets its title page only, and the 正式文件 remembers which
(``missing_attachments``) so that whoever typeset it is told to do it again.
"""

import dataclasses
import re

from Acquisition import aq_base
from plone import api

from collective.gongwen import _
from collective.gongwen.content.files import TYPESET
from collective.gongwen.content.files import add_file
from collective.gongwen.content.files import replace_file
from collective.gongwen.org.settings import get_setting
from collective.gongwen.typeset.attachment_pages import attachment_entries
from collective.gongwen.typeset.attachment_sources import attachment_sources
from collective.gongwen.typeset.document import official_fields
from collective.gongwen.typeset.pdf import render_official_pdf
from collective.gongwen.typeset.rules import Fonts

OFFICIAL_ID = "official"
# Steps in which the 正式文件 may be typeset again: numbered, not yet sent.
RETYPESET_STEPS = ("numbering", "secretary_check")
# On the 正式文件: the 附件 typeset with their title page only.
MISSING_KEY = "gongwen_missing_attachments"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def official_filename(fields):
    """「长河〔2026〕7号关于……的请示.pdf」: 文号 and 标题, without characters files may not have."""
    name = f"{fields.get('issue_number') or ''}{fields.get('title') or ''}"
    return f"{_UNSAFE.sub('', name) or 'official'}.pdf"


def configured_fonts():
    """R-T3: the fonts named in 公文设置 first, then the standard's and the open ones."""
    defaults = Fonts()

    def first(record, families):
        name = (get_setting(record) or "").strip().replace("'", "")
        return f"'{name}', {families}" if name else families

    return dataclasses.replace(
        defaults,
        body=first("font_fangsong", first("font_body", defaults.body)),
        title=first("font_title", defaults.title),
        issuer_mark=first("font_title", defaults.issuer_mark),
        kai=first("font_kaiti", defaults.kai),
    )


def typeset_official(document):
    """Typeset ``document``'s 正式文件 and keep it (a new version if it exists); return it.

    A system step of numbering: it runs with the rights it needs whoever
    triggered it. The 附件 without a PDF yet are kept on the file
    (``missing_attachments``).
    """
    fields = official_fields(document)
    fields["attachment_pages"], missing = attachment_entries(attachment_sources(document))
    data = render_official_pdf(fields, configured_fonts())
    filename = official_filename(fields)
    with api.env.adopt_roles(["Manager"]):
        item = document.get(OFFICIAL_ID)
        if item is None:
            item = add_file(document, data, filename, role=TYPESET, id=OFFICIAL_ID)
            item.title = filename[: -len(".pdf")]
            item.reindexObject(idxs=["Title", "sortable_title"])
        else:
            replace_file(
                item, data, filename, comment=_("version_comment_retypeset", default="重新排版")
            )
            item.title = filename[: -len(".pdf")]
        setattr(item, MISSING_KEY, tuple(missing))
        return item


def missing_attachments(document):
    """The titles of the 附件 the 正式文件 of ``document`` has the title page of only."""
    item = document.get(OFFICIAL_ID)
    return tuple(getattr(aq_base(item), MISSING_KEY, ())) if item is not None else ()


def missing_attachments_message(document):
    """The warning to show after typesetting ``document``, or None when every 附件 is in."""
    names = missing_attachments(document)
    if not names:
        return None
    return _(
        "typeset_attachments_missing",
        default="附件「${names}」尚未转换完成，正式文件中只有其标题页；转换完成后请重新排版。",
        mapping={"names": "」「".join(names)},
    )
