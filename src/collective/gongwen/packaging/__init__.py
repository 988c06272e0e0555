"""Exchange packages built by the workers (R-X3, R-RUN1): never in a request thread.

``exchange`` owns the package format (``exchange/package.py``) and what a
发文's package holds (``exchange/export.py``); this package has a worker
build it. ``rules`` (plain Python) says when a kept package is stale and
what is too large; ``store`` keeps the package jobs and the built packages
in site-level BTrees beside the documents (not on them); ``endpoints`` are
the token-checked views a worker claims the job, reads each file and files
the ZIP with; ``worker`` and ``tasks`` are the worker's side; ``progress``
shows 「交换包正在生成」 on the document page; ``browser`` has
``@@gongwen-exchange-package``, which asks for a package and downloads it.
"""
