"""Accounts (R-SEC3): failed-login lockout per account and per client address.

The rules are plain Python (``lockout``); the PAS plugin (``plugin``) enforces
them on every login path (Plone's login form, REST ``@login``, any other
caller of ``acl_users.authenticate``); the settings are registry records edited
in 网站设置 → 登录与锁定 (``settings``).
"""
