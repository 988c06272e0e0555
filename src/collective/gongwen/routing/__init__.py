"""发文 routing (SPEC §4): step assignees, opinions, 签发, R-O4.

``rules`` holds the plain-Python rules; ``actions.act`` is the one domain
function views and services call; ``subscribers`` follow DCWorkflow.
"""
