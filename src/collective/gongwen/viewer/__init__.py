"""The document viewer: collective.documentviewer made to work on Plone 6.2.

Owns the import compatibility (``compat``), the delivery of the viewer's
JavaScript and CSS through Plone 6's bundle registry (``assets``), the OCR
language for Chinese sites (``ocr``) and the site-wide viewer settings we
choose (``settings``).
"""
