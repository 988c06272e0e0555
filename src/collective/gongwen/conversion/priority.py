"""CPU priority of background work (R-RUN1): a worker, and the tools it starts, yield the CPU
to the portal's requests on a machine they share.

A nice value alone is not enough on Linux with autogroup scheduling (on by default in
Debian's kernels, for processes outside a systemd service): the CPU is first shared between
sessions, and a nice value counts only against the processes of its own session. A worker
leading its own session (as ``make start`` and the cluster start it) therefore lowers its
session's group too, and the tools it starts stay in that session: they get a process group
of their own, to be killed as one, not a session of their own (``tools.start_command``).
"""

import contextlib
import os

AUTOGROUP = "/proc/self/autogroup"


def lower(increment):
    """Lower this process's priority, and its children's, by ``increment`` (never raise it),
    and its session's group when it leads the session; a worker started from a terminal
    leaves the terminal's session be."""
    if increment <= 0:
        return
    os.nice(increment)
    if os.getsid(0) != os.getpid():
        return
    with contextlib.suppress(OSError, ValueError, IndexError):  # no autogroups here
        with open(AUTOGROUP) as group:
            current = int(group.read().split("nice")[1])
        with open(AUTOGROUP, "w") as group:
            group.write(str(min(19, current + increment)))
