"""Fixity of archived files (DA/T 70-2018 真实性): SHA-256 and SM3 of a file, streamed.

Plain Python. SM3 is OpenSSL's through ``hashlib`` when the OpenSSL at hand has it (Debian 12's
3.0 has), read in chunks like SHA-256; otherwise gmssl's pure-Python SM3 through
``audit.chain.digest`` — the audit trail's one SM3 — which takes the bytes whole, so that
fallback reads the file into memory (files are bounded by the upload limit).
"""

import hashlib

from collective.gongwen.audit.chain import digest

CHUNK = 1024 * 1024
ALGORITHMS = ("sha256", "sm3")


def _openssl_sm3():
    """A streaming SM3 hasher from OpenSSL, or None when OpenSSL has no SM3."""
    try:
        return hashlib.new("sm3")
    except ValueError:
        return None


def file_digests(path):
    """``{"size": bytes, "sha256": hex, "sm3": hex}`` of the file at ``path``."""
    sha256 = hashlib.sha256()
    sm3 = _openssl_sm3()
    whole = bytearray() if sm3 is None else None
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            size += len(chunk)
            sha256.update(chunk)
            if sm3 is not None:
                sm3.update(chunk)
            else:
                whole += chunk
    return {
        "size": size,
        "sha256": sha256.hexdigest(),
        "sm3": sm3.hexdigest() if sm3 is not None else digest("sm3", bytes(whole)),
    }


def bytes_digests(data):
    """The same as ``file_digests`` for ``data`` (bytes) held in memory."""
    return {
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        "sm3": digest("sm3", data),
    }


def mismatches(expected, actual):
    """The fields of ``actual`` (``file_digests``) that differ from ``expected`` (a manifest
    entry), among size, sha256 and sm3; a field the manifest lacks is not compared."""
    return [
        field
        for field in ("size", *ALGORITHMS)
        if expected.get(field) not in (None, "") and expected.get(field) != actual[field]
    ]
