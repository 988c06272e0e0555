"""The document viewer: collective.documentviewer made to work on Plone 6.2.

Owns the import compatibility (``compat``), the delivery of the viewer's
JavaScript and CSS through Plone 6's bundle registry (``assets``), the OCR
language for Chinese sites (``ocr``), the site-wide viewer settings we
choose (``settings``), the text the viewer extracted (``text``) and the
viewer's search box, which finds Chinese (``search``). The viewer's own words
are translated by our catalogs of its i18n domain
(``locales/*/LC_MESSAGES/collective.documentviewer.po``) and, in the browser,
by ``static/documentviewer.js``.
"""
