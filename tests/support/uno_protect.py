"""``/usr/bin/python3 uno_protect.py PROFILE SOURCE TARGET FILTER PASSWORD``: LibreOffice saves
SOURCE as TARGET in FILTER with an opening password, as a user does with 「另存为 → 使用密码」.

Debian's python3-uno is built for the system Python, hence a script of its own (used by
``wordfiles.password_protected``, which puts the package's ``wordbody`` folder on PYTHONPATH).
soffice is started, connected and ended as the 清稿 does it (``uno_clean.running_office``).
Prints ``protected``.
"""

import sys

import uno
import uno_clean


def main(profile, source, target, filter_name, password):
    with uno_clean.running_office(profile) as (_context, desktop):
        document = desktop.loadComponentFromURL(
            uno.systemPathToFileUrl(source), "_blank", 0, uno_clean.properties(Hidden=True)
        )
        try:
            document.storeToURL(
                uno.systemPathToFileUrl(target),
                uno_clean.properties(FilterName=filter_name, Password=password, Overwrite=True),
            )
        finally:
            document.close(True)
    print("protected")


if __name__ == "__main__":
    main(*sys.argv[1:6])
