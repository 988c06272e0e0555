"""Site-wide 公文设置: the registry records and how to read them.

Stored in plone.registry (``profiles/default/registry/gongwen_settings.xml``),
edited in 网站设置 → 公文设置 (``@@gongwen-settings``).
"""

from plone import api
from zope import schema
from zope.interface import Interface

from collective.gongwen import _
from collective.gongwen.content import bounds
from collective.gongwen.content.bounding import bound_fields
from collective.gongwen.content.limits import DEFAULT_UPLOAD_MAX_MB

# The open CJK fonts Debian installs (fonts-noto-cjk); GB/T 9704's 仿宋/楷体/
# 小标宋 are proprietary, so a bureau that licenses them enters their names here.
DEFAULT_SERIF_FONT = "Noto Serif CJK SC"

# The records 公文设置 had for default deadlines (「工作日」, read by nothing): removed in
# issue 19, the unit's 「办理时限」 (自然日) being the one place (steps.deadlines.step_days).
REMOVED_DEADLINE_RECORDS = ("deadline_normal", "deadline_urgent", "deadline_very_urgent")


class IGongwenSettings(Interface):
    """公文设置 (SPEC §9 R-T3, §13 R-SEC2, §15). The step deadlines (R-I5, R-O12) are each
    unit's 「办理时限」, not here."""

    upload_max_mb = schema.Int(
        title=_("label_upload_max_mb", default="上传文件大小上限（MB）"),
        default=DEFAULT_UPLOAD_MAX_MB,
        min=1,
        max=2048,
    )
    font_body = schema.TextLine(
        title=_("label_font_body", default="正文字体"),
        description=_(
            "help_font_body", default="排版正文所用字体的名称（3号仿宋）；须已安装在服务器上。"
        ),
        default=DEFAULT_SERIF_FONT,
    )
    font_title = schema.TextLine(
        title=_("label_font_title", default="标题字体"),
        description=_("help_font_title", default="公文标题所用字体（2号小标宋）。"),
        default=DEFAULT_SERIF_FONT,
    )
    font_fangsong = schema.TextLine(
        title=_("label_font_fangsong", default="仿宋字体"),
        default=DEFAULT_SERIF_FONT,
    )
    font_kaiti = schema.TextLine(
        title=_("label_font_kaiti", default="楷体字体"),
        description=_("help_font_kaiti", default="用于签发人姓名等。"),
        default=DEFAULT_SERIF_FONT,
    )
    news_stale_days = schema.Int(
        title=_("label_news_stale_days", default="工作动态更新期限（天）"),
        description=_(
            "help_news_stale_days",
            default="部门超过此天数未发布工作动态，首页向办公室和编辑提示（第五条）。",
        ),
        default=30,
        min=1,
        max=3650,
    )
    email_notifications = schema.Bool(
        title=_("label_email_notifications", default="发送电子邮件通知"),
        description=_(
            "help_email_notifications",
            default="新的待办事项和催办通过电子邮件通知（需先在「邮件」设置中配置邮件服务器）。",
        ),
        default=False,
        required=False,
    )
    email_reminder_hour = schema.Int(
        title=_("label_email_reminder_hour", default="每日催办和待办汇总邮件的发送时间（时）"),
        description=_(
            "help_email_reminder_hour",
            default="每天此时（0–23 点）起发送超期提醒和每日待办汇总，每人每天至多一次。",
        ),
        default=8,
        min=0,
        max=23,
    )
    # R-SEC5: the bounds bureaus may differ on (content/bounds.py has the others)
    title_max_chars = schema.Int(
        title=_("label_title_max_chars", default="标题最多字数"),
        description=_(
            "help_title_max_chars",
            default="发文、收文、附件、通知公告和工作动态的标题最多可有的字数（20–1000）。",
        ),
        default=bounds.DEFAULT_TITLE_MAX,
        min=20,
        max=1000,
    )
    opinion_max_chars = schema.Int(
        title=_("label_opinion_max_chars", default="意见最多字数"),
        description=_(
            "help_opinion_max_chars",
            default="办理意见、拟办意见、退回和收回原因、催办说明最多可有的字数（200–50000）。",
        ),
        default=bounds.DEFAULT_OPINION_MAX,
        min=200,
        max=50000,
    )
    body_max_pages = schema.Int(
        title=_("label_body_max_pages", default="正文最多页数"),
        description=_(
            "help_body_max_pages",
            default="正文按 GB/T 9704 版心（每页 22 行、每行 28 字）计算最多可有的页数（1–1000）；"
            "通知公告和工作动态的内容同样计算。",
        ),
        default=bounds.DEFAULT_BODY_MAX_PAGES,
        min=1,
        max=1000,
    )
    # R-D6: how long 签出编辑 holds the Word 正文 (wordbody.rules bounds it again).
    body_lock_hours = schema.Int(
        title=_("label_body_lock_hours", default="正文签出有效时长（小时）"),
        description=_(
            "help_body_lock_hours",
            default="签出编辑 Word 正文后，其他人在此时长内不能签出或签入正文；"
            "到期自动失效（1–72）。",
        ),
        default=4,
        min=1,
        max=72,
    )
    # R-SEC5: the caps on rendering any one PDF (typeset/caps.py). A body of
    # about 100 pages and its 附件 fit in 300; a 100-page 正式文件 takes ~3 s.
    render_max_pages = schema.Int(
        title=_("label_render_max_pages", default="单个 PDF 排版页数上限"),
        description=_(
            "help_render_max_pages",
            default="正式文件（含附件页）、发文稿纸或来文处理单排版超过此页数时不生成 PDF，"
            "并提示原因（10–5000）。",
        ),
        default=300,
        min=10,
        max=5000,
    )
    render_timeout_seconds = schema.Int(
        title=_("label_render_timeout_seconds", default="单个 PDF 排版时间上限（秒）"),
        description=_(
            "help_render_timeout_seconds",
            default="排版一个 PDF 超过此时间即停止，不生成 PDF，并提示原因（1–600）。",
        ),
        default=60,
        min=1,
        max=600,
    )


def get_setting(name):
    """The value of 公文设置 record ``name`` (a field of ``IGongwenSettings``)."""
    return api.portal.get_registry_record(name, interface=IGongwenSettings)


# 公文设置 is a plain interface (plone.registry), not a supermodel schema: bounded here.
bound_fields(IGongwenSettings)


def remove_deadline_records(registry):
    """Delete the removed deadline records from ``registry`` (an existing site's); return the
    names of those that were there."""
    prefix = f"{IGongwenSettings.__identifier__}."
    removed = []
    for name in REMOVED_DEADLINE_RECORDS:
        if prefix + name in registry.records:
            del registry.records[prefix + name]
            removed.append(name)
    return removed
