"""What 发文 and 收文 share: the step machinery both flows are built on.

Opinions (immutable records, ``opinions``), the holders of a step and their
local roles (``roles``, ``people``), the refusals (``rules``), R-O13's keeping
(``keeping``), titles of steps and actions (``titles``), 我的待办/待阅
(``todo``, ``browser``) and the action view (``browser.act``). ``routing`` (发文)
and ``incoming`` (收文) build on it and never import each other.
"""
