"""Why a Word 正文 file is refused, in words bureau staff understand (R-D6).

``wordbody.filecheck`` (at upload and check-in, in the request) and ``wordbody.docx`` (reading
the file in the workers) report a code of ``REASONS`` and the values its message names;
``reason_message(code, mapping)`` is the translatable message. Codes are stable: the workers
store them with a failed analysis.
"""

from collective.gongwen import _

REASONS = {
    "empty": _(
        "wordbody_empty",
        default="文件为空（0 字节），不能作为正文，请重新选择文件。",
    ),
    "not_word": _(
        "wordbody_not_word",
        default=(
            "正文须为 Word、WPS 或 ODF 文字文档（${accepted}），"
            "不接受 ${extension} 文件。其他材料请作为附件上传。"
        ),
    ),
    "old_word": _(
        "wordbody_old_word",
        default=(
            "${extension} 是 Word 97-2003 的旧格式，不能作为可修订的正文："
            "请在 Word 或 WPS 中另存为 .docx 后再上传。"
        ),
    ),
    "mismatch": _(
        "wordbody_mismatch",
        default=(
            "文件内容与扩展名不符：扩展名为 ${extension}，内容却是 ${actual}。请核对后重新上传。"
        ),
    ),
    "macros": _(
        "wordbody_macros",
        default="文件含有宏（VBA），不能作为正文：请另存为不含宏的 .docx 后再上传。",
    ),
    "encrypted": _(
        "wordbody_encrypted",
        default="文件设有打开密码（已加密），系统无法读取：请取消密码保护后再上传。",
    ),
    "corrupt": _(
        "wordbody_corrupt",
        default="文件已损坏，无法读取：${detail}。请在 Word 或 WPS 中打开并重新保存后再上传。",
    ),
    "too_large": _(
        "wordbody_too_large",
        default="文件大小为 ${size}，超过正文 ${limit} 的上限，未保存。请压缩其中的图片后再上传。",
    ),
    "zip_bomb": _(
        "wordbody_zip_bomb",
        default="文件解压后达 ${size}，远超正常文档，疑为恶意文件，已拒绝。",
    ),
    "xml_dtd": _(
        "wordbody_xml_dtd",
        default="文件 ${part} 中含有文档类型声明或实体定义（DTD），正常的 Word 文件没有，已拒绝。",
    ),
    "too_much_text": _(
        "wordbody_too_much_text",
        default=(
            "正文内容过长（${count}），超过 ${limit} 的上限。请拆分文件，或将部分内容作为附件。"
        ),
    ),
}


def reason_message(code, mapping=None):
    """The translatable message of ``code`` (``corrupt`` for an unknown one), values filled in."""
    message = REASONS.get(code) or REASONS["corrupt"]
    values = {"detail": code or ""}
    values.update({key: str(value) for key, value in (mapping or {}).items()})
    return _(message, default=message.default, mapping=values)
