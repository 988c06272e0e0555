"""Several files in one answer to a worker: an uncompressed tar, streamed (R-RUN1).

A worker that needs the files of one item (四性检测 reads every version of every file)
asks for them in one request instead of one each: each request finds the item and checks
the job's window again, and it runs in the portal beside the filing of the batch before.

``TarStream(members)`` is the portal's answer body: ``members`` are ``(name, source)``,
``source`` the path of a committed blob (read in chunks as the answer is sent) or the bytes
of one not yet committed; its length is known before the first byte. ``read_members`` is the
worker's side: it writes each member of the answer to the path its name asks for, at most
``max_bytes`` each, and never lets the archive name a path. Plain Python.
"""

import os
import tarfile

BLOCK = tarfile.BLOCKSIZE
CHUNK = 1 << 16


def _header(name, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o644
    return info.tobuf(format=tarfile.USTAR_FORMAT)


def _padding(size):
    return b"\0" * (-size % BLOCK)


class TarStream:
    """The tar of ``members`` (``(name, path or bytes)``), produced as it is read; its
    length known ahead (an endpoint answers it as a ZPublisher stream iterator)."""

    def __init__(self, members):
        self.members = [
            (name, source, len(source) if isinstance(source, bytes) else os.path.getsize(source))
            for name, source in members
        ]
        self._parts = self._produce()

    def _produce(self):
        for name, source, size in self.members:
            yield _header(name, size)
            if isinstance(source, bytes):
                yield source
            else:
                with open(source, "rb") as data:
                    while chunk := data.read(CHUNK):
                        yield chunk
            yield _padding(size)
        yield b"\0" * (2 * BLOCK)  # the end of the archive

    def __len__(self):
        body = sum(BLOCK + size + len(_padding(size)) for _name, _source, size in self.members)
        return body + 2 * BLOCK

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._parts)

    next = __next__  # ZPublisher's name for it (``IStreamIterator``)


class _ChunkReader:
    """A file-like ``read`` over an iterator of byte chunks (a streamed answer)."""

    def __init__(self, chunks):
        self.chunks, self.buffer = iter(chunks), b""

    def read(self, size=-1):
        while size < 0 or len(self.buffer) < size:
            chunk = next(self.chunks, None)
            if chunk is None:
                break
            self.buffer += chunk
        if size < 0:
            size = len(self.buffer)
        data, self.buffer = self.buffer[:size], self.buffer[size:]
        return data


def read_members(chunks, paths, max_bytes):
    """Write the tar streamed as ``chunks`` to ``paths`` (member name → local path); the names
    written. A member named nothing in ``paths``, not a regular file, or over ``max_bytes``
    is skipped (read past, never written)."""
    written = set()
    with tarfile.open(fileobj=_ChunkReader(chunks), mode="r|") as archive:
        for member in archive:
            path = paths.get(member.name)
            if path is None or not member.isreg() or member.size > max_bytes:
                continue
            source = archive.extractfile(member)
            with open(path, "wb") as out:
                while chunk := source.read(CHUNK):
                    out.write(chunk)
            written.add(member.name)
    return written
