"""The 发文 routing pages: the action panel on a 发文, ``@@gongwen-act`` and 我的待办."""
