"""Why a file could not be converted, in words bureau staff understand.

Workers report a reason code and the values its message names; the page
translates the message. Codes are stable (they are stored on files).
"""

from collective.gongwen import _

REASONS = {
    "empty_file": _(
        "conversion_empty_file",
        default="文件为空（0 字节），无法预览，请重新上传。",
    ),
    "type_mismatch": _(
        "conversion_type_mismatch",
        default=(
            "文件内容与扩展名不符：扩展名为 ${extension}，内容却是 ${actual}。请核对后重新上传。"
        ),
    ),
    "unsupported_type": _(
        "conversion_unsupported_type",
        default="不支持在线预览此类文件（${extension}），请下载查看。",
    ),
    "corrupt": _(
        "conversion_corrupt",
        default="文件已损坏，无法读取：${detail}",
    ),
    "encrypted": _(
        "conversion_encrypted",
        default="PDF 文件已加密，无法预览。请上传未加密的文件。",
    ),
    "zip_bomb": _(
        "conversion_zip_bomb",
        default="文件解压后达 ${size}，远超正常文档，疑为恶意文件，已拒绝转换。",
    ),
    "image_too_large": _(
        "conversion_image_too_large",
        default="图片尺寸过大（${width} × ${height} 像素），超过 ${limit} 万像素的上限。",
    ),
    "too_many_pages": _(
        "conversion_too_many_pages",
        default="文件共 ${pages} 页，超过在线预览 ${limit} 页的上限，请下载查看。",
    ),
    "timeout": _(
        "conversion_timeout",
        default="转换超过 ${seconds} 秒仍未完成，已停止。",
    ),
    "tool_failed": _(
        "conversion_tool_failed",
        default="转换工具出错：${detail}",
    ),
    "retries_exhausted": _(
        "conversion_retries_exhausted",
        default="重试 ${attempts} 次后仍无法转换：${detail}",
    ),
}


def reason_message(reason, mapping=None):
    """The translatable message for ``reason`` with its values filled in."""
    message = REASONS.get(reason, REASONS["tool_failed"])
    values = {"detail": reason or ""}
    values.update({key: str(value) for key, value in (mapping or {}).items()})
    return _(message, default=message.default, mapping=values)
