"""What the populate scripts share: their arguments under zconsole, the site they open, the
titles' subjects, and the search bench's prose and village names (bench/populate_search.py,
bench/archive_populate.py, bench/search_scale.py).

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

SENTENCES = (
    "各单位要高度重视，明确责任分工，确保各项措施落实到位。",
    "对堤防、涵闸、险工进行全面检查，发现隐患及时处理。",
    "汛期实行24小时值班和领导带班制度，值班人员不得擅离职守。",
    "已储备编织袋、铅丝网片和石料，满足防汛抢险需要。",
    "加强水利工程建设质量监督，严格执行工程验收制度。",
    "落实最严格水资源管理制度，实行用水总量控制和定额管理。",
    "开展安全生产隐患排查治理，建立问题清单，限期整改。",
    "差旅费报销须附行程单和发票，住宿费按标准执行。",
    "政府采购项目应当公开招标，严禁化整为零规避招标。",
    "严厉打击非法采砂行为，维护河道行洪安全。",
    "春灌期间合理调度引黄涵闸，保障农业灌溉用水。",
    "对水土流失重点区域开展监测，完成年度监测报告。",
    "渠村闸启闭机钢丝绳锈蚀严重，需更换维修。",
    "修订黄河防洪预案，明确各级职责和应急响应程序。",
    "冬季黄河封河期间，加强防凌值守和冰情观测。",
    "做好文书档案归档、整理和移交工作，确保档案完整安全。",
    "严禁在非涉密计算机上处理涉密文件，定期开展保密检查。",
    "组织职工参加河道修防工技能培训，培训结束后进行考核。",
    "畅通群众来信来访渠道，及时化解矛盾纠纷。",
    "滩区群众安置房建设资金缺口较大，请求协调解决。",
)
# Rare words: one village of 900 named in each document's attachment (about 110 documents
# each at 100,000), as a bureau's texts name the 村 and 段 they concern.
VILLAGE_FIRST = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧"
VILLAGE_SECOND = "庄寨屯集店营湾岗桥口坡堤楼园河沟圈铺堡洼场渡滩头寺台湖坊城垛"


def script_argv():
    """The script's own options: zconsole leaves its arguments in ``sys.argv`` before them."""
    argv = sys.argv[1:]
    for index, arg in enumerate(argv):
        if arg.endswith(".py"):
            return argv[index + 1 :]
    return argv


def open_site(app, site_id, cache_size):
    """The Plone site ``site_id`` of zconsole's ``app``, set up as a served request would have
    it (plone.dexterity keeps its FTI look-ups on the request: each attribute the catalog
    reads that a document lacks looks up its schemas), with a ZODB cache of ``cache_size``
    objects (the catalog's buckets of a large site)."""
    from Testing.makerequest import makerequest
    from zope.component.hooks import setSite
    from zope.globalrequest import setRequest

    app = makerequest(app)
    setRequest(app.REQUEST)
    site = app[site_id]
    setSite(site)
    app._p_jar.db().setCacheSize(cache_size)
    return site


class RequestCaches:
    """The caches a served request drops at its end, dropped at each commit of a long run.

    A populate script writes thousands of documents in one request (zconsole's). The caches
    Plone keeps on a request by object — plone.dexterity's behavior assignable of each object
    it touched, plone.memoize's memos of each context — then grow with every document (5,381
    assignables after 3,000 documents), each holding its object. ``forget`` takes the request
    back to what it held when this was made, as a new request would start.
    """

    # Plone's caches by object are dropped even when the request held them already:
    # plone.dexterity's behavior assignables (an attribute), plone.memoize's memos (an annotation).
    MEMOS = "plone.memoize"

    def __init__(self, request):
        from plone.dexterity.content import ASSIGNABLE_CACHE_KEY
        from zope.annotation.interfaces import IAnnotations

        self.request = request
        self.annotations = IAnnotations(request)
        self.attributes = set(vars(request)) - {ASSIGNABLE_CACHE_KEY}
        self.other = set(request.other)
        self.annotated = set(self.annotations) - {self.MEMOS}

    def forget(self):
        for name in set(vars(self.request)) - self.attributes:
            delattr(self.request, name)
        for key in set(self.request.other) - self.other:
            del self.request.other[key]
        for key in set(self.annotations) - self.annotated:
            del self.annotations[key]
