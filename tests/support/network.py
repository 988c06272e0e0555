"""Loopback helpers for tests that start servers of their own."""

import socket


def free_port():
    """A TCP port that nothing listens on at 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
