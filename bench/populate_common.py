"""What the populate scripts share: their arguments under zconsole and the titles' subjects.

They run as ``zconsole run <zope.conf> bench/populate_*.py [options]``;
each puts this folder on ``sys.path`` from its code object's file name
(zconsole runs a script without ``__file__``).
"""

import sys

SUBJECTS = (
    "做好汛前检查",
    "堤防工程维修",
    "防汛物资储备",
    "水毁工程修复",
    "安全生产大检查",
    "河道采砂管理",
    "工程管理考核",
    "财务预算执行",
    "防汛抢险演练",
    "涵闸运行管理",
)


def script_argv():
    """The script's own options: zconsole leaves its arguments in ``sys.argv`` before them."""
    argv = sys.argv[1:]
    for index, arg in enumerate(argv):
        if arg.endswith(".py"):
            return argv[index + 1 :]
    return argv
