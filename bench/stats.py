"""Rows of a benchmark's table: n, median, p95, min and max in milliseconds; trees compared."""

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.load import p95  # noqa: E402


def summary(label, values):
    """Print ``label`` and the figures of ``values`` (milliseconds) as one aligned row."""
    values = sorted(values)
    print(
        f"{label:<44}{len(values):>6}{statistics.median(values):>10.1f}{p95(values):>10.1f}"
        f"{values[0]:>10.1f}{values[-1]:>10.1f}"
    )


def comparison(results, baseline, figures=("median", "p95")):
    """Print each row of ``results`` (``{label: {row: [[ms of one round], …]}}``) per label,
    and each figure's ratio to ``baseline``'s: pooled over the rounds, and the spread
    (lowest–highest) of the per-round ratios. Rounds are paired: round i of each label
    was taken in the same run, one after the other."""
    take = {"median": statistics.median, "p95": p95}
    labels = list(results)
    print(f"{'':<44}{'label':>6}{'n':>6}{'median':>10}{'p95':>10}{'min':>10}{'max':>10}  (ms)")
    for row in results[baseline]:
        for label in labels:
            pooled = [ms for one in results[label].get(row, []) for ms in one]
            if pooled:
                print(
                    f"{row:<44}{label:>6}{len(pooled):>6}{statistics.median(pooled):>10.1f}"
                    f"{p95(pooled):>10.1f}{min(pooled):>10.1f}{max(pooled):>10.1f}"
                )
        for label in labels:
            if label == baseline or not all(results[label].get(row, [])):
                continue
            if not all(results[baseline][row]):
                continue
            parts = []
            for figure in figures:
                ours = [ms for one in results[label][row] for ms in one]
                theirs = [ms for one in results[baseline][row] for ms in one]
                rounds = [
                    take[figure](a) / take[figure](b)
                    for a, b in zip(results[label][row], results[baseline][row], strict=False)
                    if a and b
                ]
                parts.append(
                    f"{figure} {take[figure](ours) / take[figure](theirs):.2f}×"
                    f" (rounds {min(rounds):.2f}–{max(rounds):.2f})"
                )
            print(f"{'':<44}{label + '/' + baseline:>12}  " + ", ".join(parts))
