"""The converters run with no network and see only the system and their job (R-SEC5).

An uploaded office file can ask LibreOffice to fetch what it links
(``http://127.0.0.1:…``, ``file:///…``); an RTF or Word 97 INCLUDEPICTURE
field is read even with every LibreOffice setting against it. So the tools'
child process (``tools.run``, which starts soffice, gm, poppler and
tesseract) is started through ``command(...)``'s prefix:

* ``bwrap`` (bubblewrap) when it works here: a new network namespace (only
  an unconfigured loopback), a new PID/IPC/UTS namespace, no capabilities,
  and a file system of the system directories (``/usr``, the libraries,
  the few ``/etc`` files the tools read), Python and this package, an
  empty ``/tmp`` and read-write the folders the job names. The server's
  data, home folders, other jobs and the real ``/etc/passwd`` (replaced by
  a one-line one) are not there to be read.
* else ``unshare --net`` (root) or ``unshare --user --map-root-user --net``:
  no network, but the whole file system.
* else nothing: a WARNING is logged once, and the neutralising of
  ``links`` and LibreOffice's settings (``tools.office_settings``) remain.

Which one works is found once per process (``isolation()``). The child's
environment is reduced to what the tools need (``child_environment``):
the worker's own variables (the job-token key, the portal's address) are
not readable through ``/proc/self/environ``.
"""

import functools
import logging
import os
import shutil
import subprocess
import sys
import tempfile

logger = logging.getLogger("collective.gongwen.conversion")

BWRAP = "bwrap"
UNSHARE = "unshare"
NONE = "none"

# Directories of the system, read-only; symbolic links (merged /usr) stay links.
SYSTEM_DIRECTORIES = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# What soffice, gm, poppler, qpdf and tesseract read in /etc and /var (strace of a conversion).
SYSTEM_FILES = (
    "/etc/ld.so.cache",
    "/etc/ld.so.conf",
    "/etc/ld.so.conf.d",
    "/etc/nsswitch.conf",
    "/etc/localtime",
    "/etc/alternatives",
    "/etc/fonts",
    "/etc/libreoffice",
    "/etc/GraphicsMagick",
    "/etc/ghostscript",
    "/var/lib/ghostscript",  # Ghostscript's CMaps (its Resource/CMap links here): PDF/A text
    "/var/cache/fontconfig",
)
# Who the tools run as, for getpwuid(): one line, not the server's accounts.
PASSWD = "{user}:x:{uid}:{gid}:{user}:/tmp:/usr/sbin/nologin\n"
GROUP = "{user}:x:{gid}:\n"
# The variables the child keeps; everything else of the worker's stays out.
KEPT_VARIABLES = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TESSDATA_PREFIX")
# How long the check that an isolation works may take.
CHECK_SECONDS = 20


def child_environment():
    """The environment of the tools' child: the kept variables, HOME and TMPDIR in /tmp."""
    environment = {name: os.environ[name] for name in KEPT_VARIABLES if name in os.environ}
    environment.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    environment.setdefault("LANG", "C.UTF-8")
    environment = {**environment, "HOME": tempfile.gettempdir(), "TMPDIR": tempfile.gettempdir()}
    return with_python_path(environment)


def with_python_path(environment):
    """``environment`` with this process's path as ``PYTHONPATH``, for a ``python -m`` child:
    under buildout's ``bin/instance`` the eggs are put on ``sys.path`` by that script, and an
    editable install finds this package by an import hook, so ``sys.executable`` alone
    would find neither."""
    import collective.gongwen

    roots = [os.path.dirname(os.path.dirname(folder)) for folder in collective.gongwen.__path__]
    path = [entry for entry in sys.path if entry and os.path.isabs(entry)]
    return {**environment, "PYTHONPATH": os.pathsep.join(dict.fromkeys(roots + path))}


def python_directories():
    """What the child's Python needs: its installation, the venv, this package's folder."""
    import collective.gongwen

    folders = {sys.base_prefix, sys.prefix, *collective.gongwen.__path__}
    folders.update(entry for entry in sys.path if os.path.isabs(entry) and os.path.isdir(entry))
    return sorted(folder for folder in folders if os.path.isdir(folder))


def identity_files(folder):
    """Write the one-line passwd and group files into ``folder``; return their paths."""
    import getpass

    values = {"user": getpass.getuser(), "uid": os.getuid(), "gid": os.getgid()}
    paths = []
    for name, template in (("passwd", PASSWD), ("group", GROUP)):
        path = os.path.join(folder, name)
        with open(path, "w", encoding="utf-8") as out:
            out.write(template.format(**values))
        paths.append(path)
    return paths


def bwrap_prefix(writable, private):
    """The ``bwrap`` command line that runs a command in the sandbox described above.

    ``writable`` are bound read-write (the first is the working directory);
    the passwd and group files are written into the folder ``private``.
    """
    prefix = [
        "bwrap", "--unshare-all", "--die-with-parent", "--cap-drop", "ALL",
        "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
    ]  # fmt: skip
    for folder in SYSTEM_DIRECTORIES:
        if os.path.islink(folder):
            prefix += ["--symlink", os.readlink(folder), folder]
        elif os.path.isdir(folder):
            prefix += ["--ro-bind", folder, folder]
    for path in SYSTEM_FILES:
        prefix += ["--ro-bind-try", path, path]
    passwd, group = identity_files(private)
    prefix += ["--ro-bind", passwd, "/etc/passwd", "--ro-bind", group, "/etc/group"]
    for folder in python_directories():
        prefix += ["--ro-bind", folder, folder]
    for folder in writable:
        prefix += ["--bind", folder, folder]
    return [*prefix, "--chdir", writable[0] if writable else "/tmp", "--"]


def unshare_prefix():
    """``unshare`` into a new network namespace: as root directly, else in a user namespace."""
    if os.geteuid() == 0:
        return ["unshare", "--net", "--"]
    return ["unshare", "--user", "--map-root-user", "--net", "--"]


def _works(prefix):
    try:
        result = subprocess.run(
            [*prefix, sys.executable, "-c", "import collective.gongwen.conversion.pages"],
            capture_output=True,
            timeout=CHECK_SECONDS,
            env=child_environment(),
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return str(error)
    if result.returncode != 0:
        return result.stderr.decode("utf-8", "replace").strip()[-300:] or str(result.returncode)
    return None


@functools.lru_cache(maxsize=1)
def isolation():
    """``BWRAP``, ``UNSHARE`` or ``NONE``: the strongest isolation that works here, logged once."""
    problems = []
    if shutil.which("bwrap"):
        with tempfile.TemporaryDirectory(prefix="gongwen-sandbox-") as private:
            problem = _works(bwrap_prefix([], private))
        if problem is None:
            logger.info("conversion tools run in a bubblewrap sandbox (no network, system files)")
            return BWRAP
        problems.append(f"bwrap: {problem}")
    else:
        problems.append("bwrap: not installed (Debian package bubblewrap)")
    if shutil.which("unshare"):
        problem = _works(unshare_prefix())
        if problem is None:
            logger.warning(
                "conversion tools run without network but see the whole file system (%s)",
                "; ".join(problems),
            )
            return UNSHARE
        problems.append(f"unshare: {problem}")
    logger.warning(
        "conversion tools are NOT isolated: they may reach the network and read the "
        "server's files; only LibreOffice's settings and the neutralised links protect (%s)",
        "; ".join(problems),
    )
    return NONE


def command(arguments, writable, private):
    """``arguments`` run isolated, reading and writing only the folders ``writable``.

    ``private`` is a folder of the caller's for the sandbox's own files,
    not seen by the command.
    """
    kind = isolation()
    if kind == BWRAP:
        return [*bwrap_prefix(writable, private), *arguments]
    if kind == UNSHARE:
        return [*unshare_prefix(), *arguments]
    return list(arguments)
