"""The names a 发文's 正式文件 goes by: its id in the document and its file name (R-T1, R-X3).

Plain Python. typeset files the 正式文件 under these names; exchange finds it and names it in
the package by them.
"""

import re

# The id of the 正式文件 (the typeset file item) in its 发文.
OFFICIAL_ID = "official"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


def official_filename(fields):
    """「长河〔2026〕7号关于……的请示.pdf」: 文号 and 标题, without characters files may not have."""
    name = f"{fields.get('issue_number') or ''}{fields.get('title') or ''}"
    return f"{_UNSAFE.sub('', name) or 'official'}.pdf"
