"""The package rules of docs/architecture.rst (代码包结构), read from the imports themselves.

Every module under ``src/collective/gongwen`` is parsed with ``ast`` (nothing
is imported); every import counts, at the top of a module or inside a
function. Three rules hold:

- No module outside a ``browser/`` package imports one (views are the top).
- The packages stand in ``LAYERS``, bottom to top: a package imports only
  packages of a lower layer, never one beside it or above it. An upward edge
  that still exists is one of ``EXCEPTIONS``, each with its reason; the set
  only shrinks (an exception no longer needed fails the test until it is
  taken off).
- Hence no import cycle between the packages.

A failure prints the package graph and the modules behind each edge.
"""

import ast
import pathlib

import collective.gongwen

PACKAGE = "collective.gongwen"
ROOT = pathlib.Path(collective.gongwen.__file__).parent

CAPABILITIES = (
    "content",
    "org",
    "accounts",
    "steps",
    "routing",
    "incoming",
    "exchange",
    "numbering",
    "typeset",
    "conversion",
    "wordbody",
    "jobs",
    "packaging",
    "audit",
    "archive",
    "viewer",
    "notify",
    "portal",
    "api",
    "search",
    "setuphandlers",
)

# Bottom to top: a package may import only packages of the layers below its own.
LAYERS = [
    {"content"},  # types, schemas, field rules, files, settings, times — what everything reads
    {"org", "accounts"},  # units, departments, functions → groups and roles; login lockout
    {"numbering"},  # 文号/收文编号 series of a unit
    {"steps"},  # what 发文 and 收文 share: opinions, holders, refusals, 待办/待阅, step events
    {"routing", "incoming"},  # 发文 only, 收文 only: never import each other
    {"exchange"},  # deliveries: creates the 收文 on 签收, so above incoming; routing never uses it
    {"jobs"},  # the queue, tokens, worker client and endpoint (no capability of its own)
    {"conversion"},  # files → pages and text, in the workers
    {"wordbody"},  # the Word 正文: versions, compare, 清稿 in LibreOffice, 套红 source
    {"typeset", "notify"},  # GB/T 9704 rendering and mail: subscribers of the named events
    {"packaging"},  # exchange packages (exchange's format) built by the workers (jobs)
    {"audit"},  # the audit store and chain (R-U1): may subscribe to every capability's events
    {"archive"},  # 归档, 四性检测, retention, destruction, transfer: writes 销毁's audit entries
    {"viewer", "portal", "api", "search"},  # viewer, front page and listings, REST, search
    {"setuphandlers"},  # install, demo data, upgrades
]

# Upward (or sideways) package imports that still exist, each with its reason. Only shrinks.
EXCEPTIONS = {}


def module_name(path):
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join((PACKAGE, *parts))


def imported_modules(path, name):
    """The dotted names ``path`` (module ``name``) imports; ``from a import b`` gives a and a.b."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


def read_imports():
    """``{module: {imported module of ours}}`` for every module of the package."""
    imports = {}
    for path in sorted(ROOT.rglob("*.py")):
        name = module_name(path)
        imports[name] = {
            target
            for target in imported_modules(path, name)
            if target == PACKAGE or target.startswith(f"{PACKAGE}.")
        }
    return imports


IMPORTS = read_imports()


def capability(module):
    """The capability package of a dotted name, or None (top-level modules)."""
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[2] in CAPABILITIES else None


def in_browser(module):
    return "browser" in module.split(".")[2:]


def package_edges():
    """``{(package, package): [module → module, …]}`` between different capabilities."""
    edges = {}
    for source, targets in IMPORTS.items():
        for target in targets:
            pair = (capability(source), capability(target))
            if None not in pair and pair[0] != pair[1]:
                edges.setdefault(pair, set()).add(f"{source} → {target}")
    return edges


def reachable(edges, start):
    """Every node a path of ``edges`` (pairs) leads to from ``start``."""
    following = {}
    for source, target in edges:
        following.setdefault(source, set()).add(target)
    seen, todo = set(), [start]
    while todo:
        for target in following.get(todo.pop(), ()):
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


def cyclic_edges(edges):
    """The edges (a, b) with a path back from b to a."""
    return {(source, target) for source, target in edges if source in reachable(edges, target)}


def picture(edges):
    """The package graph, one line a package, and the edges that close cycles."""
    lines = ["Package graph (collective.gongwen.<package> → packages it imports):"]
    for package in CAPABILITIES:
        targets = sorted(target for source, target in edges if source == package)
        lines.append(f"  {package} → {', '.join(targets) or '—'}")
    cycles = sorted(cyclic_edges(edges))
    lines.append("Edges on a cycle: " + (", ".join(f"{a}→{b}" for a, b in cycles) or "none"))
    upward = sorted(upward_edges(edges))
    lines.append(
        "Edges against the layers: " + (", ".join(f"{a}→{b}" for a, b in upward) or "none")
    )
    return "\n".join(lines)


def test_r_arch_the_import_reader_sees_every_package_and_lazy_import():
    assert {capability(module) for module in IMPORTS} - {None} == set(CAPABILITIES)
    # The conversion job is queued by an import inside a function: it is read too.
    assert "collective.gongwen.conversion.tasks" in IMPORTS["collective.gongwen.conversion.jobs"]
    # A relative import resolves to the module it names.
    assert in_browser("collective.gongwen.steps.browser.display")
    assert not in_browser("collective.gongwen.routing.display")


def test_r_arch_no_module_outside_a_browser_package_imports_one():
    found = sorted(
        (source, target)
        for source, targets in IMPORTS.items()
        if not in_browser(source)
        for target in targets
        if in_browser(target) and target in IMPORTS
    )
    assert not found, (
        "Modules outside browser/ import a browser module (move the helper down):\n"
        + ("\n".join(f"  {source} → {target}" for source, target in found))
    )


def layer_of(package):
    return next(index for index, layer in enumerate(LAYERS) if package in layer)


def upward_edges(edges):
    """The edges (a, b) where b's layer is not below a's."""
    return {(source, target) for source, target in edges if layer_of(target) >= layer_of(source)}


def test_r_arch_layers_hold_every_package_once():
    placed = [package for layer in LAYERS for package in layer]
    assert sorted(placed) == sorted(CAPABILITIES)
    assert set(EXCEPTIONS) <= {(a, b) for a in placed for b in placed if a != b}
    assert all(reason.strip() for reason in EXCEPTIONS.values())


def test_r_arch_packages_import_only_the_layers_below_them():
    edges = package_edges()
    upward = upward_edges(edges)
    new = sorted(upward - set(EXCEPTIONS))
    detail = "\n".join(f"  {a} → {b}: " + "; ".join(sorted(edges[(a, b)])[:3]) for a, b in new)
    assert not new, f"Imports against the layers (LAYERS):\n{detail}\n{picture(edges)}"
    gone = sorted(set(EXCEPTIONS) - upward)
    assert not gone, (
        "No longer needed, take off EXCEPTIONS: "
        + ", ".join(f"{a}→{b}" for a, b in gone)
        + f"\n{picture(edges)}"
    )


def test_r_arch_no_import_cycle_between_packages():
    edges = package_edges()
    cycles = sorted(cyclic_edges({pair for pair in edges if pair not in EXCEPTIONS}))
    assert not cycles, (
        "Import cycle between packages: "
        + ", ".join(f"{a}→{b}" for a, b in cycles)
        + f"\n{picture(edges)}"
    )


def test_r_arch_the_worker_queue_imports_no_capability_above_it():
    # conversion's queue and tasks find the other capabilities' tasks by convention.
    conversion = {
        target
        for source, targets in IMPORTS.items()
        if capability(source) == "conversion"
        for target in targets
    }
    assert not {capability(target) for target in conversion} & {"notify", "typeset", "routing"}
    jobs = {
        "collective.gongwen.conversion.jobs",
        "collective.gongwen.conversion.tasks",
        "collective.gongwen.conversion.worker",
        "collective.gongwen.notify.schedule",
        "collective.gongwen.notify.tasks",
    }
    circle = {
        (source, target)
        for source in jobs
        for target in IMPORTS[source] & jobs
        if source
        in reachable({(s, t) for s in IMPORTS for t in IMPORTS[s] if t in IMPORTS}, target)
    }
    assert not circle, f"Import circle among the worker's modules: {sorted(circle)}"
