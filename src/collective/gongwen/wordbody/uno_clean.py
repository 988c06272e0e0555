"""清稿 of one Word file by LibreOffice through UNO, run by the system's ``/usr/bin/python3``.

``/usr/bin/python3 uno_clean.py PROFILE SOURCE TARGET`` (Debian's python3-uno is built for the
system Python, not for the virtual environment): starts ``soffice`` headless on the private
profile folder PROFILE, listening on a pipe of its own; loads the .docx SOURCE hidden, with
macros never run and links never updated; turns change recording off and accepts every tracked
change (``.uno:AcceptAllTrackedChanges``: insertions, deletions, moves, formatting); stores the
result as TARGET in "MS Word 2007 XML" (.docx); ends soffice. It prints ``cleaned <revisions>
<comments>``, what is left of both (0 0). On failure it exits non-zero with a reason on its last
line.

SOURCE comes without comments: the caller (``office.clean_docx``) takes them out of the XML
first. LibreOffice 7.4's headless build without a GUI (Debian's ``-nogui`` packages) aborts when
a loaded document's view shows a comment (its ``annotation.ui`` is not installed), and a comment
deleted through the API without a view leaves its range marks behind (the stored file does
not load again).

The caller runs this script in the conversion sandbox in a process group of its own and kills
the whole group at its time limit; this script kills the soffice it started on every other way
out. Only the standard library and ``uno``: it is not imported by the package.
"""

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# How long soffice may take to answer on its pipe.
CONNECT_SECONDS = 30
# How long soffice may take to end after it was asked to.
END_SECONDS = 10
WORD_FILTER = "MS Word 2007 XML"
ANNOTATION = "com.sun.star.text.textfield.Annotation"
# com.sun.star.document.MacroExecMode.NEVER_EXECUTE, UpdateDocMode.NO_UPDATE
NEVER_EXECUTE = 0
NO_UPDATE = 0


def properties(**values):
    """A tuple of ``PropertyValue`` from keyword arguments."""
    result = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        result.append(item)
    return tuple(result)


def start_office(profile):
    """Start soffice on ``profile``; return (process, component context of the office)."""
    pipe = f"gongwen-clean-{uuid.uuid4().hex}"
    process = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            "--headless",
            "--invisible",
            "--nologo",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        # A group of its own, killed whole when it does not end (``end_office``); the
        # caller's time limit kills this script's group, and the sandbox's PID namespace
        # takes soffice with it. In the worker's session: its CPU priority holds.
        process_group=0,
    )
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return process, context
        except NoConnectException:
            if process.poll() is not None:
                raise RuntimeError(f"soffice exited ({process.returncode})") from None
            if time.monotonic() > deadline:
                raise RuntimeError(f"soffice did not answer in {CONNECT_SECONDS} s") from None
            time.sleep(0.05)


def end_office(process, desktop):
    """Ask soffice to end; kill it (and what it started) if it does not."""
    if desktop is not None:
        # The bridge dies with the office: whatever it says, the office is ended below.
        with contextlib.suppress(Exception):
            desktop.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=END_SECONDS)
    # soffice.bin may outlive its launcher (oosplash): nothing of the group stays.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


@contextlib.contextmanager
def running_office(profile):
    """soffice on ``profile`` for the time of the block: yields (component context, desktop).

    The office is ended (its whole process group) on every way out of the block. The one way
    this package's scripts start LibreOffice (also ``tests/support/uno_protect.py``'s).
    """
    process, context = start_office(profile)
    desktop = None
    try:
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        yield context, desktop
    finally:
        end_office(process, desktop)


def count(enumeration_access, service=None):
    """How many elements ``enumeration_access`` has (of ``service``, when given)."""
    found = 0
    enumeration = enumeration_access.createEnumeration()
    while enumeration.hasMoreElements():
        element = enumeration.nextElement()
        if service is None or element.supportsService(service):
            found += 1
    return found


def clean(context, source, target):
    """Load ``source``, accept every change, store ``target``.

    Returns (revisions, comments) left in the document after cleaning.
    """
    manager = context.ServiceManager
    desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
    document = desktop.loadComponentFromURL(
        uno.systemPathToFileUrl(source),
        "_blank",
        0,
        properties(Hidden=True, MacroExecutionMode=NEVER_EXECUTE, UpdateDocMode=NO_UPDATE),
    )
    if document is None or not document.supportsService("com.sun.star.text.TextDocument"):
        raise RuntimeError("not a text document")
    try:
        document.RecordChanges = False
        frame = document.getCurrentController().getFrame()
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper", context)
        dispatcher.executeDispatch(frame, ".uno:AcceptAllTrackedChanges", "", 0, ())
        left = (count(document.getRedlines()), count(document.getTextFields(), ANNOTATION))
        document.storeToURL(
            uno.systemPathToFileUrl(target), properties(FilterName=WORD_FILTER, Overwrite=True)
        )
        return left
    finally:
        document.close(True)


def main(argv):
    profile, source, target = (os.path.abspath(path) for path in argv[1:4])
    try:
        with running_office(profile) as (context, _desktop):
            revisions, comments = clean(context, source, target)
    except Exception as error:  # noqa: BLE001 - any failure is the job's reason
        sys.exit(f"清稿失败：{type(error).__name__}: {str(error)[:200]}")
    print(f"cleaned {revisions} {comments}")


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    main(sys.argv)
