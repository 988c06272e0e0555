"""The Word 正文's screens (R-D6): the 正文 panel of the 处理笺, its forms, the 版本记录."""
