"""One row of a benchmark's table: n, median, p95, min and max in milliseconds."""

import statistics


def summary(label, values):
    """Print ``label`` and the figures of ``values`` (milliseconds) as one aligned row."""
    values = sorted(values)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    print(
        f"{label:<44}{len(values):>6}{statistics.median(values):>10.1f}{p95:>10.1f}"
        f"{values[0]:>10.1f}{values[-1]:>10.1f}"
    )
