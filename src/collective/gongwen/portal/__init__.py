"""The portal people open every morning (SPEC §7): the front page's columns.

So far the 收文 column (R-I6): 收文 the secretaries published, newest first.
"""
