"""Background conversion of files for the viewer (R-A1, R-A3).

Uploading never converts in the request. A file's conversion is recorded as
queued, and the job goes to a huey queue once the transaction commits
(``jobs``). Worker processes (``tasks``, started by ``make start`` or on any
machine with ``gongwen-worker``) fetch the file over HTTP, run the viewer's
real tools (soffice, gm, qpdf, pdftotext, tesseract) and post the pages back
(``worker``, ``views``), where collective.documentviewer's own storage code
files them (``store``). Each file shows its status (``status``); bad files are
refused with a Chinese reason before any tool runs (``preflight``).
"""
