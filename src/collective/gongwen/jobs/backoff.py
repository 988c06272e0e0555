"""How a job waits for the portal: capped exponential back-off, for a patience (plain Python).

A job whose portal is down, starting or busy is put back on the queue and
tried again after ``delay(attempt)`` seconds: ``BASE_SECONDS`` doubling up
to ``CAP_SECONDS`` (``after`` gives the next delay from the one a job
carries, so the worker's settings decide the delays). It is retried for at least the patience
(``GONGWEN_JOB_PATIENCE_MINUTES``, default 30) before it gives up.
``GONGWEN_JOB_BACKOFF_SCALE`` multiplies the delays (tests use seconds for
minutes); the patience stays in real minutes.
"""

import dataclasses
import math
import os

BASE_SECONDS = 2.0
CAP_SECONDS = 120.0
PATIENCE_MINUTES = 30.0
# Bounds of what the environment may ask for.
MAX_PATIENCE_MINUTES = 7 * 24 * 60
MIN_SCALE = 0.001


@dataclasses.dataclass(frozen=True)
class Backoff:
    """Delays ``base * 2**attempt`` capped at ``cap``, retried for ``patience`` seconds."""

    base: float = BASE_SECONDS
    cap: float = CAP_SECONDS
    patience: float = PATIENCE_MINUTES * 60

    def delay(self, attempt):
        """Seconds to wait before retry number ``attempt`` (0 for the first retry)."""
        attempt = max(0, int(attempt))
        # 2**64 is far above any cap: no overflow for a huge attempt number.
        return min(self.cap, self.base * 2 ** min(attempt, 64))

    def after(self, previous):
        """The delay that follows a delay of ``previous`` seconds (``base`` after none)."""
        if not previous or previous <= 0:
            return self.base
        return min(self.cap, max(self.base, previous * 2))

    def retries(self):
        """How many retries it takes for the delays to add up to the patience."""
        total, count = 0.0, 0
        while total < self.patience:
            total += self.delay(count)
            count += 1
        return count

    def waited(self, retries):
        """Seconds the first ``retries`` delays add up to."""
        return sum(self.delay(attempt) for attempt in range(retries))


def _number(environ, name, default, low, high):
    """The positive number ``environ[name]`` within [low, high]; ``default`` if unset or bad."""
    try:
        value = float(environ.get(name) or default)
    except ValueError:
        return default
    if not math.isfinite(value) or value <= 0:
        return default
    return min(high, max(low, value))


def configured_scale(environ=None):
    """``GONGWEN_JOB_BACKOFF_SCALE``: what the job timings are multiplied by (1 unless set)."""
    environ = os.environ if environ is None else environ
    return _number(environ, "GONGWEN_JOB_BACKOFF_SCALE", 1.0, MIN_SCALE, 100.0)


def configured(environ=None):
    """The back-off the environment asks for (its scale and patience variables)."""
    environ = os.environ if environ is None else environ
    scale = configured_scale(environ)
    patience = _number(
        environ, "GONGWEN_JOB_PATIENCE_MINUTES", PATIENCE_MINUTES, 1 / 60, MAX_PATIENCE_MINUTES
    )
    return Backoff(base=BASE_SECONDS * scale, cap=CAP_SECONDS * scale, patience=patience * 60)
