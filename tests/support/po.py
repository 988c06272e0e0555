"""A small reader for the gettext catalogs i18ndude writes (.pot/.po)."""

import ast
import re

CJK = re.compile(r"[\u3400-\u9fff]")


def read_catalog(text):
    """Return ``{msgid: {"msgstr": str, "default": str | None}}`` for a .po/.pot text."""
    entries = {}
    default = msgid = msgstr = None
    field = None

    def finish():
        if msgid:  # the header has an empty msgid
            entries[msgid] = {"msgstr": msgstr or "", "default": default}

    for line in text.splitlines() + [""]:
        line = line.strip()
        if not line:
            finish()
            default = msgid = msgstr = field = None
        elif line.startswith('#. Default: "'):
            default = ast.literal_eval(line[len("#. Default: ") :])
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            msgid, field = ast.literal_eval(line[6:]), "msgid"
        elif line.startswith("msgstr "):
            msgstr, field = ast.literal_eval(line[7:]), "msgstr"
        elif line.startswith('"'):
            if field == "msgid":
                msgid += ast.literal_eval(line)
            else:
                msgstr += ast.literal_eval(line)
    return entries


def is_chinese(text):
    """True when ``text`` contains CJK characters."""
    return bool(CJK.search(text or ""))
