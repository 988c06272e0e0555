"""The organisation: units, departments and the functions people hold in them.

Functions are Plone groups with local roles on the unit (``functions``), so an
administrator manages them in 用户和用户组 or on the unit's form; no function is
bound to a person's id in code. Who reviews what (R-ORG1) is plain Python.
"""
