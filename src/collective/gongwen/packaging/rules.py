"""When a kept exchange package is stale, and how large one may be (plain Python).

A package is built from the 发文's metadata and its files (the 正式文件,
then the 附件 in order). ``stamp`` digests what it was built from — the
metadata as written and, per file, its id, version, name and size — so a
new version of the 正式文件 or of an 附件, an 附件 added, removed or moved,
or changed metadata makes the kept package stale (``is_fresh``).

A package is bounded like the packages we read (``exchange.package``'s
``DEFAULT_LIMITS``: files, size of each, size of all), so what one portal
builds another can import; ``size_refusal`` names the first bound a list of
files is over, ``Deadline`` the time a worker has to build one.
"""

import dataclasses
import hashlib
import json
import time

from collective.gongwen.exchange.package import DEFAULT_LIMITS

# What a worker may build: what ``read_package`` accepts by default.
LIMITS = DEFAULT_LIMITS
# Seconds a worker has to fetch the files and build the ZIP.
BUILD_SECONDS = 300

TOO_MANY_FILES = "too_many_files"
FILE_TOO_LARGE = "file_too_large"
TOO_LARGE = "too_large"
TIMED_OUT = "timed_out"
FAILED = "failed"
CODES = (TOO_MANY_FILES, FILE_TOO_LARGE, TOO_LARGE, TIMED_OUT, FAILED)

MB = 1024 * 1024


def format_mb(size):
    """``size`` bytes as MB with one decimal, e.g. ``60.5 MB``."""
    return f"{size / MB:.1f} MB"


class PackageRefused(Exception):
    """No package built: ``code`` (one of ``CODES``) names why, ``mapping`` its details."""

    def __init__(self, code, **mapping):
        super().__init__(code, mapping)
        self.code = code
        self.mapping = {key: str(value) for key, value in mapping.items()}


def stamp(metadata, sources):
    """The digest of what a package is built from: ``metadata`` (JSON-able) and ``sources``.

    ``sources``: one dict a file, in the package's order (uid, role, version,
    filename, size). Equal stamps, same package.
    """
    text = json.dumps(
        {"metadata": metadata, "files": list(sources)},
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_fresh(built_stamp, current_stamp):
    """True when a package built from ``built_stamp`` is the one ``current_stamp`` would give."""
    return bool(built_stamp) and built_stamp == current_stamp


def size_refusal(files, limits=LIMITS):
    """The ``PackageRefused`` for ``files`` (``[(filename, size)]``) over ``limits``, or None."""
    # The metadata is a member too.
    if len(files) + 1 > limits.max_members:
        return PackageRefused(TOO_MANY_FILES, count=len(files), limit=limits.max_members - 1)
    for filename, size in files:
        if size > limits.max_file_bytes:
            return PackageRefused(
                FILE_TOO_LARGE,
                name=filename,
                size=format_mb(size),
                limit=format_mb(limits.max_file_bytes),
            )
    total = sum(size for _filename, size in files)
    if total > limits.max_total_bytes:
        return PackageRefused(
            TOO_LARGE, size=format_mb(total), limit=format_mb(limits.max_total_bytes)
        )
    return None


def limits_of(value):
    """The limits a claim's JSON gives (``dataclasses.asdict`` of them), bounded by ``LIMITS``."""
    value = value or {}
    return dataclasses.replace(
        LIMITS,
        **{
            name: min(int(value[name]), getattr(LIMITS, name))
            for name in ("max_members", "max_file_bytes", "max_total_bytes")
            if isinstance(value.get(name), int) and value[name] > 0
        },
    )


def limits_wire(limits=LIMITS):
    """The bounds a worker is told: files, size of each, size of all."""
    return {
        "max_members": limits.max_members,
        "max_file_bytes": limits.max_file_bytes,
        "max_total_bytes": limits.max_total_bytes,
    }


class Deadline:
    """The time a build has: ``check`` raises ``PackageRefused(TIMED_OUT)`` once it is over."""

    def __init__(self, seconds=BUILD_SECONDS, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self.end = clock() + seconds

    def left(self):
        """Seconds left (0 once over)."""
        return max(0.0, self.end - self.clock())

    def check(self):
        if self.clock() >= self.end:
            raise PackageRefused(TIMED_OUT, seconds=int(self.seconds))
