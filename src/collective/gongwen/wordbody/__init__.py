"""正文 as a Word/WPS/ODT file (R-D6): versions with authors, compare, 清稿, 套红."""
