"""Retrieval (SPEC §10, R-S1): 文号/收文编号/档号 lookup however typed, Chinese full text,
facets with counts, highlighted snippets, saved searches and CSV export of results.
"""
