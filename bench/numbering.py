"""文号 issuing under concurrency (R-O8): duplicates, gaps, conflicts and speed.

    .venv/bin/python bench/numbering.py [--numbers 1000] [--workers 4] [--pause 0]

Opens a ZODB on a new FileStorage in a temporary folder and starts
``--workers`` threads, each with its own connection and transaction manager,
taking 文号 from one unit's series with ``numbering.series`` — one number per
transaction, committing, and on ConflictError aborting and retrying as Zope
retries a request. ``--pause`` (seconds) sleeps between taking and
committing, as a request would do other work. Prints the duplicates and gaps
(both must be 0), the conflicts retried, the total time and numbers per second.
"""

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.numbering import open_database  # noqa: E402
from tests.support.numbering import run_takers  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--numbers", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--pause", type=float, default=0.0)
    args = parser.parse_args()
    per_worker = args.numbers // args.workers
    total = per_worker * args.workers
    with tempfile.TemporaryDirectory(prefix="gongwen-bench-numbering-") as folder:
        db = open_database(Path(folder) / "Data.fs")
        try:
            outcome = run_takers(db, args.workers, per_worker, pause=args.pause)
        finally:
            db.close()
    print(
        f"numbering: {total} 文号 from {args.workers} threads with their own connections "
        f"on one FileStorage (pause {args.pause * 1000:.0f} ms before commit)"
    )
    print(f"  issued:     {len(outcome.numbers)} (highest {max(outcome.sequences(), default=0)})")
    print(f"  duplicates: {outcome.duplicates()}")
    print(f"  gaps:       {len(outcome.gaps())}")
    print(f"  conflicts retried: {outcome.conflicts}")
    print(
        f"  time: {outcome.seconds:.2f} s, {len(outcome.numbers) / outcome.seconds:.0f} numbers/s"
    )
    if outcome.duplicates() or outcome.gaps() or len(outcome.numbers) != total:
        sys.exit(1)


if __name__ == "__main__":
    main()
