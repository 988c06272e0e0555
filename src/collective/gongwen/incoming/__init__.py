"""收文 handling (SPEC §5, 第十四至十六条): registration, 拟办, the leaders' reading in
order, the departments' handling, deadlines and 催办, publishing.

``rules`` holds the plain-Python rules; ``actions.act_incoming`` is the one
domain function views and services call; ``subscribers`` follow DCWorkflow
(every path, plone.restapi's ``@workflow`` included, leaves the same trail).
The step roles, opinion records and 我的待办 are routing's, shared with 发文.
"""
