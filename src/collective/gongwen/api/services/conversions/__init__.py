"""``@conversions``: the site's conversion progress, and queueing what is not converted.

GET on the site: how many viewer files are in each state, and which failed.
POST on the site: queue every file not converted yet (and, with
``include_failed``, the failed ones again); POST on a file: re-convert it.
Managers only. ``gongwen-convert-all`` drives these with a progress bar.
"""
