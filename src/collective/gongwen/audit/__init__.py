"""The audit trail (R-U1): an append-only, hash-chained store outside ZODB.

``store`` keeps the entries in their own SQLite file (WAL), ``chain`` computes
their hashes and signs the checkpoints, ``verify`` proves a store and names the
first entry that was edited, deleted, reordered or truncated, ``tasks`` writes
a checkpoint every hour on the workers' queue and ``cli`` is ``gongwen-audit``.
"""
