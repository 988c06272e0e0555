"""``/usr/bin/python3 uno_protect.py PROFILE SOURCE TARGET FILTER PASSWORD``: LibreOffice saves
SOURCE as TARGET in FILTER with an opening password, as a user does with 「另存为 → 使用密码」.

Debian's python3-uno is built for the system Python, hence a script of its own (used by
``wordfiles.password_protected``). soffice runs headless on the private PROFILE, listening on a
pipe of its own, and is ended (its whole process group) on every way out. Prints ``protected``.
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

CONNECT_SECONDS = 60


def properties(**values):
    result = []
    for name, value in values.items():
        item = PropertyValue()
        item.Name, item.Value = name, value
        result.append(item)
    return tuple(result)


def connect(pipe, process):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local
    )
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
        except NoConnectException:
            if process.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def main(profile, source, target, filter_name, password):
    pipe = f"gongwen-protect-{uuid.uuid4().hex}"
    process = subprocess.Popen(
        [
            "soffice",
            f"-env:UserInstallation={uno.systemPathToFileUrl(profile)}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    desktop = None
    try:
        context = connect(pipe, process)
        desktop = context.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", context
        )
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0, properties(Hidden=True)
        )
        document.storeToURL(
            uno.systemPathToFileUrl(target),
            properties(FilterName=filter_name, Password=password, Overwrite=True),
        )
        document.close(True)
    finally:
        if desktop is not None:
            with contextlib.suppress(Exception):
                desktop.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    print("protected")


if __name__ == "__main__":
    main(*sys.argv[1:6])
