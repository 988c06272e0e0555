"""What the document page says about a package job (R-X3, R-SEC5): Chinese messages by code."""

from collective.gongwen import _
from collective.gongwen.packaging import rules

BUILDING = _("package_building", default="交换包正在生成，请稍后下载。")
READY_TO_DOWNLOAD = _("package_ready", default="交换包已生成，点此下载。")

REFUSALS = {
    rules.TOO_MANY_FILES: _(
        "package_too_many_files",
        default="该发文有 ${count} 个文件，交换包最多容纳 ${limit} 个，不能生成交换包。",
    ),
    rules.FILE_TOO_LARGE: _(
        "package_build_file_too_large",
        default="文件「${name}」大小为 ${size}，"
        "超过交换包中单个文件的上限 ${limit}，不能生成交换包。",
    ),
    rules.TOO_LARGE: _(
        "package_build_too_large",
        default="交换包中的文件共 ${size}，超过交换包的上限 ${limit}，不能生成。"
        "请压缩或拆分附件后再试。",
    ),
    rules.TIMED_OUT: _(
        "package_timed_out",
        default="交换包未能在 ${seconds} 秒内生成，请稍后重试。",
    ),
    rules.FAILED: _("package_failed", default="交换包生成失败，请稍后重试。"),
}


def refusal_message(code, mapping=None):
    """The Chinese message of a package refused for ``code`` (``rules.CODES``)."""
    message = REFUSALS.get(code, REFUSALS[rules.FAILED])
    return _(message, default=message.default, mapping=dict(mapping or {}))


def last_refusal(record):
    """The message of the refusal a package job ``record`` keeps, or None."""
    refusal = (record or {}).get("refusal")
    if not refusal:
        return None
    return _(
        "package_not_built",
        default="交换包未能生成：${reason}",
        mapping={"reason": refusal_message(refusal.get("code"), refusal.get("mapping"))},
    )
