"""The package rules of docs/architecture.rst (代码包结构), read from the imports themselves.

Every module under ``src/collective/gongwen`` is parsed with ``ast`` (nothing
is imported); every import counts, at the top of a module or inside a
function. Two rules hold:

- No module outside a ``browser/`` package imports one (views are the top).
- No new import cycle between the capability packages: an import from one
  package into another that lies on a cycle must be one of ``CYCLIC_EDGES``,
  the upward imports that still tie packages together today. The list only
  shrinks: an edge that no longer exists (or no longer closes a cycle) must
  be taken off it.

A failure prints the package graph, the cycles and the modules behind each edge.
"""

import ast
import pathlib

import collective.gongwen

PACKAGE = "collective.gongwen"
ROOT = pathlib.Path(collective.gongwen.__file__).parent

CAPABILITIES = (
    "content",
    "org",
    "steps",
    "routing",
    "incoming",
    "exchange",
    "numbering",
    "typeset",
    "conversion",
    "jobs",
    "viewer",
    "notify",
    "portal",
    "api",
    "setuphandlers",
)

# Package imports that close a cycle today (issue 16 removes them; never add one).
CYCLIC_EDGES = {
    ("content", "conversion"),
    ("content", "org"),
    ("conversion", "content"),
    ("exchange", "incoming"),
    ("exchange", "typeset"),
    ("incoming", "typeset"),
    ("org", "content"),
    ("routing", "exchange"),
    ("routing", "typeset"),
    ("typeset", "incoming"),
    ("typeset", "routing"),
}


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


def test_r_arch_no_new_import_cycle_between_packages():
    edges = package_edges()
    cycles = cyclic_edges(edges)
    new = sorted(cycles - CYCLIC_EDGES)
    detail = "\n".join(f"  {a} → {b}: " + "; ".join(sorted(edges[(a, b)])[:3]) for a, b in new)
    assert not new, f"New import cycle between packages:\n{detail}\n{picture(edges)}"
    gone = sorted(CYCLIC_EDGES - cycles)
    assert not gone, (
        "No longer on a cycle, take off CYCLIC_EDGES: "
        + ", ".join(f"{a}→{b}" for a, b in gone)
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
