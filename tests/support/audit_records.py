"""An audit store read as plain rows, without the product's code: for comparing a restored or
recovered store with what the live one held (R-SEC4, R-U1)."""

import contextlib
import sqlite3
from pathlib import Path


def audit_entries(path):
    """Every entry of the store file at ``path`` (all columns, seq order) as dicts; [] when
    there is no store."""
    if not Path(path).is_file():
        return []
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as connection:
        connection.row_factory = sqlite3.Row
        return [dict(row) for row in connection.execute("SELECT * FROM entry ORDER BY seq")]
