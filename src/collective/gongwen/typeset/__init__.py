"""Typesetting (排版, SPEC §9): the official red-header PDF of a 发文 per GB/T 9704-2012.

The package owns the standard's numbers and written forms (``rules``, plain
Python), the HTML + CSS paged-media layout of a 发文 given as a plain dict
(``layout``), its rendering to PDF with WeasyPrint (``pdf``) and the one
piece of Plone glue that reads a 发文 into that dict (``document``).
"""
