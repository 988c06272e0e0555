"""Recording the calls a test wants counted, the recorded function still doing its work."""


def recorded(monkeypatch, owner, name, pick):
    """Replace ``owner.name`` for the test by a wrapper that appends ``pick(*args)`` to the
    list returned, then calls the original with the same arguments."""
    found = []
    original = getattr(owner, name)

    def recording(*args, **kwargs):
        found.append(pick(*args))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return found
