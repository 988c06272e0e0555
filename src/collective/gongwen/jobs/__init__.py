"""Background work on one queue (R-RUN1): huey, on SQLite by default and Redis to scale out.

``queue`` holds the huey instance, the durable task decorators (wait for the
portal, capped back-off for ``backoff``'s patience) and the discovery of each
capability's ``tasks.py``; ``tokens`` the key Zope and the workers share;
``client`` the worker's HTTP client to the portal; ``endpoint`` the portal
side every worker endpoint shares (token check, exactly-once ledger,
``@@gongwen-ready``); ``backoff`` and ``once`` are their plain-Python rules.
Workers run ``huey_consumer collective.gongwen.jobs.queue.huey`` (``gongwen-worker``).
"""
