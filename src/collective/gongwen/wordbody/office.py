"""LibreOffice for the Word 正文 in the workers (R-D6): a .wps/.odt as .docx, and 清稿.

Worker side, plain Python (no Zope). Both run LibreOffice the way the
viewer's conversion does (``conversion.tools``): in a child process group of
their own inside the conversion sandbox (no network, only the system's files
and the job's folders), on the worker process's LibreOffice profile with its
settings against macros and linked content, on a copy whose external links
were removed (``conversion.links``), killed whole at the time limit
(``GONGWEN_WORDBODY_TIMEOUT``, 60 s by default; ``ToolsTimedOut``).

* ``to_docx(source, workdir, timeout, extension)`` — ``soffice --convert-to
  docx`` (a WPS file is an OLE Word 97 file; an ODT keeps its tracked
  changes and comments in the .docx).
* ``clean_docx(source, target, timeout)`` — 清稿 of a .docx: its comments are
  taken out of the XML here (``strip_comments``), then ``uno_clean.py``, run
  by the system's Python with python3-uno, has LibreOffice accept every
  tracked change and store the clean .docx. Returns what is left (0, 0).

``python -m collective.gongwen.wordbody.office ACTION OPTIONS.json`` is the
child's entry point (``main``).
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from lxml import etree

from collective.gongwen.conversion import links
from collective.gongwen.conversion import tools

# Debian's python3-uno is built for the system's Python.
UNO_PYTHON = "/usr/bin/python3"
UNO_SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "uno_clean.py")
DEFAULT_TIMEOUT = 60
TO_DOCX = "to_docx"
CLEAN = "clean"

W = links.W
# What marks a comment in the text of a WordprocessingML part.
COMMENT_MARKS = frozenset(
    f"{{{W}}}{name}" for name in ("commentRangeStart", "commentRangeEnd", "commentReference")
)
# The parts of a .docx that carry text (and so may carry comment marks).
TEXT_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml",
              "word/endnotes.xml")  # fmt: skip


def office_timeout():
    """Seconds LibreOffice may take for one 正文 file (``GONGWEN_WORDBODY_TIMEOUT``, default 60)."""
    try:
        seconds = int(os.environ.get("GONGWEN_WORDBODY_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        seconds = DEFAULT_TIMEOUT
    return max(1, seconds)


def _run(action, options, writable, timeout):
    """Run ``main`` with ``action`` and ``options`` in the sandbox; its output (text)."""
    profile = tools.office_profile()
    folder = tempfile.mkdtemp(prefix="gongwen-office-options-")
    try:
        options_path = os.path.join(folder, "options.json")
        with open(options_path, "w", encoding="utf-8") as out:
            json.dump(dict(options, profile=profile), out)
        command = [sys.executable, "-m", __name__, action, options_path]
        return tools.run_isolated(command, [*writable, profile, folder], timeout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def to_docx(source, workdir, timeout, extension):
    """``source`` (a .wps, .odt or .docx named by ``extension``) as a .docx in ``workdir``;
    its path. Raises ``tools.ToolsTimedOut`` / ``tools.ToolsFailed``."""
    # LibreOffice writes beside its copy of the source: a folder of its own.
    folder = tempfile.mkdtemp(prefix="docx-", dir=workdir)
    target = os.path.join(folder, "converted.docx")
    options = {"source": source, "extension": extension.lower().lstrip("."), "target": target}
    _run(TO_DOCX, options, [folder, os.path.dirname(source)], timeout)
    return target


def clean_docx(source, target, timeout):
    """清稿 of the .docx ``source`` into ``target``: every change accepted, every comment out.

    Returns (revisions, comments) LibreOffice counts left in it (0, 0 when
    clean). Raises ``tools.ToolsTimedOut`` / ``tools.ToolsFailed``.
    """
    options = {"source": source, "target": target}
    out = _run(CLEAN, options, [os.path.dirname(target), os.path.dirname(source)], timeout)
    words = out.strip().splitlines()[-1].split() if out.strip() else []
    if len(words) != 3 or words[0] != "cleaned":
        raise tools.ToolsFailed(f"LibreOffice 清稿无结果：{out.strip()[-200:]}")
    return int(words[1]), int(words[2])


def strip_comments(path):
    """Take every comment mark out of the .docx at ``path`` (in place); return how many went.

    The comments' own part stays (nothing refers to it any more: LibreOffice
    loads no comment and stores none). A run left with nothing but its
    properties goes with its mark.
    """
    replaced, removed = {}, 0
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            name = member.filename
            if not name.startswith(TEXT_PARTS) or not name.endswith(".xml"):
                continue
            if member.file_size > links.MAX_PART_BYTES:
                raise tools.ToolsFailed(f"{name} 过大，无法清稿")
            data = archive.read(member)
            if b"comment" not in data:
                continue
            root = etree.fromstring(data, links.PARSER)
            marks = [element for element in root.iter() if element.tag in COMMENT_MARKS]
            for mark in marks:
                parent = mark.getparent()
                parent.remove(mark)
                if parent.tag == f"{{{W}}}r" and all(
                    child.tag == f"{{{W}}}rPr" for child in parent
                ):
                    parent.getparent().remove(parent)
            if marks:
                removed += len(marks)
                replaced[name] = etree.tostring(
                    root, xml_declaration=True, encoding="UTF-8", standalone=True
                )
        if replaced:
            links.rewrite(path, archive, replaced)
    return removed


def _clean_in_child(options):
    """The child's 清稿: a copy without links and comments, then ``uno_clean.py``."""
    folder = os.path.dirname(options["target"])
    named = os.path.join(folder, "clean-source.docx")
    shutil.copyfile(options["source"], named)
    try:
        links.neutralise(named)
        strip_comments(named)
        tools.office_settings(options["profile"])
        result = subprocess.run(
            [UNO_PYTHON, UNO_SCRIPT, options["profile"], named, options["target"]],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            check=False,
        )
    finally:
        os.remove(named)
    if result.returncode != 0:
        error = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        raise tools.ToolsFailed(error.splitlines()[-1] if error else str(result.returncode))
    return result.stdout.decode("utf-8", "replace").strip().splitlines()[-1]


def main(argv=None):
    """Entry point of the child: ``ACTION OPTIONS.json``; prints the result, or exits with why."""
    action, options_path = (argv or sys.argv)[1:3]
    with open(options_path, encoding="utf-8") as options_file:
        options = json.load(options_file)
    try:
        if action == TO_DOCX:
            tools.office_convert(
                options["source"], options["extension"], options["target"], options["profile"],
                "docx",
            )  # fmt: skip
            print("converted")
        elif action == CLEAN:
            print(_clean_in_child(options))
        else:
            sys.exit(f"unknown action {action}")
    except subprocess.CalledProcessError as error:
        output = (error.stderr or error.stdout or b"").decode("utf-8", "replace").strip()
        sys.exit(f"soffice: {output.splitlines()[-1] if output else error.returncode}")
    except (tools.ToolsFailed, links.Unreadable) as error:
        sys.exit(str(error.args[0]) if error.args else type(error).__name__)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, OSError) as error:
        sys.exit(f"文件无法读取：{type(error).__name__}")


if __name__ == "__main__":
    main()
