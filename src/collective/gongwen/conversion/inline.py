"""Converting a file inside this process, for scripts run with the portal stopped.

The same steps a worker takes (preflight, the tools in a child process with
a time limit, filing the result) without the queue and HTTP in between. A
request must never call this: it takes as long as the tools do.
"""

import os
import tempfile

from collective.gongwen.conversion import preflight
from collective.gongwen.conversion import tools
from collective.gongwen.conversion.indexers import reindex_state
from collective.gongwen.conversion.status import conversion_status
from collective.gongwen.conversion.status import mark_converting
from collective.gongwen.conversion.status import mark_queued
from collective.gongwen.conversion.store import store_failure
from collective.gongwen.conversion.store import store_result
from collective.gongwen.conversion.views import conversion_options
from collective.gongwen.conversion.worker import conversion_timeout


def convert_inline(obj):
    """Convert ``obj``'s file now; return "done" or "failed"."""
    mark_queued(obj)
    mark_converting(obj)
    with tempfile.TemporaryDirectory(prefix="gongwen-inline-") as workdir:
        source = os.path.join(workdir, "source")
        with obj.file.open() as data, open(source, "wb") as out:
            for chunk in iter(lambda: data.read(1 << 20), b""):
                out.write(chunk)
        options = conversion_options(obj)
        problem = preflight.preflight(source, options["filename"], preflight.DEFAULT_LIMITS)
        if problem is not None:
            store_failure(obj, *problem)
            reindex_state(obj)
            return "failed"
        output_dir = os.path.join(workdir, "out")
        os.mkdir(output_dir)
        try:
            pages = tools.run(
                dict(options, source=source, output_dir=output_dir), conversion_timeout()
            )
        except tools.ToolsTimedOut as error:
            store_failure(obj, "timeout", {"seconds": error.args[0]})
        except tools.ToolsFailed as error:
            store_failure(obj, "tool_failed", {"detail": error.args[0]})
        else:
            archive = tools.pack(output_dir, os.path.join(workdir, "result.tar"))
            with open(archive, "rb") as result:
                store_result(obj, result, pages)
    reindex_state(obj)
    return conversion_status(obj)["state"]
