"""Where objects live in a stopped site's database: a readable path for an oid (bench diagnosis).

``object_paths(data_fs, oids)`` opens the FileStorage read-only, maps every
record's references backwards, and walks up from each oid to the root by the
shortest chain of referrers; each step is named from the parent's state: an
attribute (``.name``), a mapping or BTree key (``['key']``), or ``(bucket)``
for a BTree's inner node or bucket. Used by the benches on the conflicts
``bench/counting`` logged: ``{oid hex: "/Application/Plone/.__annotations__[…]/(bucket)"}``.
"""

import collections

from ZODB.serialize import referencesf
from ZODB.utils import get_pickle_metadata

MAX_DEPTH = 40


class _Ref:
    """A persistent reference met in a raw state: its oid."""

    def __init__(self, oid):
        self.oid = oid


class _Any:
    """Any class of a raw state: keeps what it was built with (no application code runs)."""

    args = ()

    def __init__(self, *args, **kwargs):
        self.args = args

    def __setstate__(self, state):
        self.state = state

    def __call__(self, *args, **kwargs):
        return _Any(*args)


def raw_state(data):
    """``(dotted class, state)`` of a record, unpickled without importing its classes."""
    import io

    from zodbpickle import pickle

    class Unpickler(pickle.Unpickler):
        def find_class(self, module, name):
            return _Any

        def persistent_load(self, reference):
            if isinstance(reference, tuple):
                return _Ref(reference[0])
            if isinstance(reference, list):  # [kind, (oid, …)] references
                return _Ref(reference[1][0] if isinstance(reference[1], tuple) else reference[1])
            return _Ref(reference)

    unpickler = Unpickler(io.BytesIO(data))
    unpickler.load()  # the class
    return ".".join(get_pickle_metadata(data)), unpickler.load()


def _find(state, child, depth=0):
    """The name under which ``child`` (an oid) sits in ``state`` (plain containers searched)."""
    if depth > 6:
        return None
    if isinstance(state, _Ref):
        return "" if state.oid == child else None
    if isinstance(state, _Any):
        return _find(state.__dict__.get("state", state.args), child, depth + 1)
    if isinstance(state, dict):
        for key, value in state.items():
            found = _find(value, child, depth + 1)
            if found is not None:
                return (f".{key}" if depth == 0 and isinstance(key, str) else f"[{key!r}]") + found
    elif isinstance(state, list | tuple):
        for index, value in enumerate(state):
            found = _find(value, child, depth + 1)
            if found is not None:
                return f"[{index}]" + found
    return None


def edge_name(data, child):
    """How the record ``data`` refers to the object of oid ``child``."""
    klass, state = raw_state(data)
    if klass.endswith("BTree") or klass.endswith("TreeSet"):
        return "(bucket)"
    if klass.endswith("Bucket") and isinstance(state, tuple) and state:
        flat = state[0]
        for index, value in enumerate(flat):
            if isinstance(value, _Ref) and value.oid == child:
                return f"[{flat[index - 1]!r}]"
        return "(next)"
    return _find(state, child) or f"?{klass}"


def _chain(referrers, oid, root):
    """The shortest chain of oids from ``root`` down to ``oid`` (None when unreachable)."""
    came_from, queue = {oid: None}, collections.deque([oid])
    while queue:
        current = queue.popleft()
        if current == root:
            chain = [current]
            while came_from[chain[-1]] is not None:
                chain.append(came_from[chain[-1]])
            return chain
        for parent in referrers.get(current, ()):
            if parent not in came_from and len(came_from) < 10**6:
                came_from[parent] = current
                queue.append(parent)
    return None


def object_paths(data_fs, oids):
    """``{oid hex: path}`` of ``oids`` (hex strings) in the FileStorage at ``data_fs``."""
    from ZODB.FileStorage import FileStorage
    from ZODB.utils import z64

    storage = FileStorage(str(data_fs), read_only=True)
    try:
        referrers = collections.defaultdict(list)
        for oid in storage._index:
            data, _tid = storage.load(oid)
            for child in referencesf(data):
                referrers[child].append(oid)
        paths = {}
        for hexed in oids:
            oid = bytes.fromhex(hexed)
            if oid not in storage._index:
                paths[hexed] = "(not in the database)"
                continue
            klass = ".".join(get_pickle_metadata(storage.load(oid)[0])).rsplit(".", 1)[-1]
            chain = _chain(referrers, oid, z64)
            if chain is None:
                paths[hexed] = f"(unreachable) <{klass}>"
                continue
            steps = []
            for parent, child in zip(chain, chain[1:], strict=False):
                try:
                    steps.append(edge_name(storage.load(parent)[0], child))
                except Exception as error:  # a state this reader cannot take apart
                    steps.append(f"?{type(error).__name__}")
            # inner BTree nodes read as one step
            collapsed = [s for i, s in enumerate(steps) if s != "(bucket)" or i == len(steps) - 1]
            paths[hexed] = "/" + "/".join(collapsed) + f" <{klass}>"
        return paths
    finally:
        storage.close()
