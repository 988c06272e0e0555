"""Print buildout's ``[versions]`` section for the pins in a pip constraints file.

    python scripts/constraints_to_versions.py constraints.txt > versions.cfg

constraints.txt (``Name==version`` lines, ``#`` comments) stays the one source
of the pins; ``make versions.cfg`` runs this to keep buildout in step.
"""

import argparse
import re
from pathlib import Path

PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*==\s*(?P<version>[^\s;#]+)$")

HEADER = """\
# Generated from {source} by scripts/constraints_to_versions.py: do not edit.
# Change the pins in {source}, then regenerate with: make versions.cfg
[versions]
"""


def read_pins(text):
    """Return ``[(name, version)]`` for the ``Name==version`` lines of ``text``."""
    pins = []
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = PIN.match(line)
        if match is None:
            raise SystemExit(f"line {number}: not a 'Name==version' pin: {line!r}")
        pins.append((match["name"], match["version"]))
    return pins


def render(pins, source):
    """Return the text of versions.cfg for ``pins``."""
    width = max((len(name) for name, _ in pins), default=0)
    lines = [f"{name:<{width}} = {version}" for name, version in pins]
    return HEADER.format(source=source) + "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("constraints", type=Path, help="pip constraints file, e.g. constraints.txt")
    args = parser.parse_args()
    pins = read_pins(args.constraints.read_text(encoding="utf-8"))
    print(render(pins, args.constraints.name), end="")


if __name__ == "__main__":
    main()
