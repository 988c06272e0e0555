"""Loopback helpers for tests that start servers of their own."""

import contextlib
import socket
import threading


def free_port():
    """A TCP port that nothing listens on at 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Forwarder:
    """A TCP forwarder 127.0.0.1:``port`` → 127.0.0.1:``target`` that can be down, like a portal.

    ``open()`` starts listening (connections are refused before), ``close()``
    stops and cuts every connection, as a stopped portal would. After
    ``lose_answer_to(marker)``, the next request whose bytes contain
    ``marker`` reaches the portal but its answer is lost (the connection is
    cut once the portal has answered), as when a worker times out reading.
    """

    def __init__(self, target, port=None):
        self.target = target
        self.port = port or free_port()
        self.listener = None
        self.connections = []
        self.lose_marker = None
        self.lost = 0
        self.lock = threading.Lock()

    def lose_answer_to(self, marker):
        self.lose_marker = marker

    def open(self):
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def close(self):
        if self.listener is not None:
            # Wakes the accept() under way (closing alone leaves it listening on Linux).
            with contextlib.suppress(OSError):
                self.listener.shutdown(socket.SHUT_RDWR)
            self.listener.close()
            self.listener = None
        with self.lock:
            for connection in self.connections:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
                connection.close()
            self.connections = []

    def _accept(self, listener):
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.target))
            with self.lock:
                self.connections += [client, upstream]
            state = {"losing": False}
            threading.Thread(
                target=self._pipe, args=(client, upstream, state, True), daemon=True
            ).start()
            threading.Thread(
                target=self._pipe, args=(upstream, client, state, False), daemon=True
            ).start()

    def _pipe(self, source, target, state, from_client):
        try:
            while data := source.recv(1 << 16):
                marker = self.lose_marker
                if from_client and marker is not None and marker in data:
                    self.lose_marker = None
                    state["losing"] = True
                if not from_client and state["losing"]:
                    # The portal answered; the worker never hears it.
                    self.lost += 1
                    break
                target.sendall(data)
        except OSError:
            pass
        for end in (source, target):
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
