"""The document page: fields, the 「文件」 panel and its actions, and file versions.

``document`` (the page), ``panel`` (what it says about each file),
``viewer`` (the viewer's settings), ``actions`` (add/replace/move),
``tokens`` (one-time form tokens), ``versions`` (a file's versions).
"""
