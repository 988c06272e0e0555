"""Write the Zope instance configuration under var/ from the templates in etc/.

    python scripts/make_instance.py [--host 127.0.0.1] [--port 8080] [--var var]

Data (var/filestorage, var/blobstorage) is never touched: rerunning only
rewrites the configuration files.
"""

import argparse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def render(template, values):
    """Return ``template`` with every ``@NAME@`` replaced from ``values``."""
    for name, value in values.items():
        template = template.replace(f"@{name}@", str(value))
    return template


def make_instance(var, host, port):
    """Create the instance folders and configuration; return the zope.ini path."""
    var = var.resolve()
    instance = var / "instance"
    for folder in ("etc", "../filestorage", "../blobstorage", "../log", "../cache/chameleon"):
        (instance / folder).resolve().mkdir(parents=True, exist_ok=True)
    (var / "blobstorage").chmod(0o700)
    values = {"INSTANCE": instance, "VAR": var, "HOST": host, "PORT": port}
    for name in ("zope.conf", "zope.ini", "site.zcml"):
        source = REPO / "etc" / (name + ".in")
        if not source.exists():
            source = REPO / "etc" / name
        (instance / "etc" / name).write_text(render(source.read_text(encoding="utf-8"), values))
    return instance / "etc" / "zope.ini"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="8080")
    parser.add_argument("--var", default=str(REPO / "var"))
    args = parser.parse_args()
    print(make_instance(Path(args.var), args.host, args.port))


if __name__ == "__main__":
    main()
