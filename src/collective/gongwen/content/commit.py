"""Work a transaction keeps until it commits: one collection per purpose and transaction.

Several capabilities gather what a request did and act once, when it commits
(the R-O6 hand-back before commit, the to-do mails before commit, the slip
refresh queued after commit): ``pending(key, hook)`` is their one way to do it.
"""

import transaction


def pending(key, hook, factory=list, after_commit=False):
    """The collection kept under ``key`` in the current transaction.

    Its first call in a transaction makes it (``factory()``) and has ``hook``
    called with it just before the transaction commits — or, with
    ``after_commit``, after, as ``hook(committed, collection)``.
    """
    txn = transaction.get()
    try:
        return txn.data(key)
    except KeyError:
        collection = factory()
        txn.set_data(key, collection)
        if after_commit:
            txn.addAfterCommitHook(hook, args=(collection,))
        else:
            txn.addBeforeCommitHook(hook, args=(collection,))
        return collection
