"""``@gongwen-body``: a 发文's Word 正文 over REST (R-D6)."""
