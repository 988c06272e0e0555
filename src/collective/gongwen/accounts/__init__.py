"""Accounts (R-SEC3): failed-login lockout, password policy, idle timeout and sessions.

The rules are plain Python (``lockout``, ``password``); PAS plugins enforce them
on every path: ``plugin`` on every login (Plone's login form, REST ``@login``,
any caller of ``acl_users.authenticate``), ``password_plugin`` on every path
that sets a password (it is Plone's ``IValidationPlugin``; ``users_service``
adds REST ``PATCH @users``). ``sessions`` and ``subscribers`` make logout, a
new password and a lockout end the user's cookies and REST tokens, renew the
idle timeout on activity and hold an expired password to a change. The
settings are registry records edited in 网站设置 → 安全设置 (``settings``).
"""
