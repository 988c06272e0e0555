"""The document vocabularies: 文种, 行文方向, 紧急程度, 密级, 公开属性, 保管期限, departments,
and the role of a file inside its document.

The term lists are plain data (ASCII token, Chinese title) usable without
Zope; the named vocabulary factories registered in ``configure.zcml`` wrap
the titles as i18n messages (msgid ``<vocabulary>_<token>``).
"""

from zope.interface import provider
from zope.schema.interfaces import IVocabularyFactory
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary

from collective.gongwen import _

# 党政机关公文处理工作条例 第八条: the 15 kinds, in the regulation's order.
DOC_KINDS = (
    ("resolution", "决议"),
    ("decision", "决定"),
    ("order", "命令(令)"),
    ("communique", "公报"),
    ("announcement", "公告"),
    ("public_notice", "通告"),
    ("opinion", "意见"),
    ("notice", "通知"),
    ("circular", "通报"),
    ("report", "报告"),
    ("request", "请示"),
    ("reply", "批复"),
    ("motion", "议案"),
    ("letter", "函"),
    ("minutes", "纪要"),
)

DIRECTIONS = (
    ("upward", "上行"),
    ("downward", "下行"),
    ("parallel", "平行"),
)

URGENCIES = (
    ("normal", "普通"),
    ("urgent", "加急"),
    ("very_urgent", "特急"),
)

# 非密 first: it is the default. The other three are refused content (R-D3).
CLASSIFICATIONS = (
    ("none", "非密"),
    ("secret", "秘密"),
    ("confidential", "机密"),
    ("top_secret", "绝密"),
)

DISCLOSURES = (
    ("public", "主动公开"),
    ("on_request", "依申请公开"),
    ("not_public", "不予公开"),
)

# DA/T 22-2015 保管期限.
RETENTIONS = (
    ("permanent", "永久"),
    ("30_years", "定期30年"),
    ("10_years", "定期10年"),
)

# What a file inside a document is (content/files.py); only 附件 counts for
# the 附件说明 (R-D4). 附件 first: it is the default.
FILE_ROLES = (
    ("attachment", "附件"),
    ("original", "来文原件"),
    ("typeset", "正式文件"),
    ("slip", "处理单"),
    ("record", "归档记录"),  # R-R1: written by 归档, never chosen for an upload
    ("body", "正文"),  # R-D6: a 发文's Word 正文 (content/body.py), never chosen for an upload
)

TERM_LISTS = {
    "doc_kind": DOC_KINDS,
    "direction": DIRECTIONS,
    "urgency": URGENCIES,
    "classification": CLASSIFICATIONS,
    "disclosure": DISCLOSURES,
    "retention": RETENTIONS,
    "file_role": FILE_ROLES,
}


def title_of(list_name, token):
    """The Chinese title of ``token`` in term list ``list_name``; the token itself if unknown."""
    return dict(TERM_LISTS[list_name]).get(token, token)


def _vocabulary(list_name):
    terms = []
    for token, title in TERM_LISTS[list_name]:
        # A computed msgid: i18ndude cannot list it in the .pot, so these
        # titles show their Chinese default in every language for now.
        msgid = list_name + "_" + token
        terms.append(SimpleTerm(token, token, _(msgid, default=title)))
    return SimpleVocabulary(terms)


@provider(IVocabularyFactory)
def doc_kinds(context):
    """文种."""
    return _vocabulary("doc_kind")


@provider(IVocabularyFactory)
def directions(context):
    """行文方向."""
    return _vocabulary("direction")


@provider(IVocabularyFactory)
def urgencies(context):
    """紧急程度."""
    return _vocabulary("urgency")


@provider(IVocabularyFactory)
def classifications(context):
    """密级."""
    return _vocabulary("classification")


@provider(IVocabularyFactory)
def disclosures(context):
    """公开属性."""
    return _vocabulary("disclosure")


@provider(IVocabularyFactory)
def retentions(context):
    """保管期限."""
    return _vocabulary("retention")


@provider(IVocabularyFactory)
def file_roles(context):
    """文件类别: 附件, 来文原件, 正式文件, 处理单."""
    return _vocabulary("file_role")


# The fields whose stored department UIDs stay selectable (a document of
# another unit's department, or a department since removed).
DEPARTMENT_FIELDS = ("drafting_department", "handling_departments")


@provider(IVocabularyFactory)
def departments(context):
    """The departments of the unit around ``context`` (token: UID), for 拟稿部门 and 承办部门.

    Outside a unit (the site root, a REST call there), every department of
    the portal, titled '单位 部门'. A department already chosen on the
    document stays selectable, so editing an old document does not fail on it.
    """
    from plone import api

    from collective.gongwen.content.containers import find_unit

    catalog = api.portal.get_tool("portal_catalog")
    unit = find_unit(context) if context is not None else None
    query = {"portal_type": "gongwen_department", "sort_on": "path"}
    if unit is not None:
        # The unit's own, in their folder order (as ``org.units.unit_departments``).
        query["path"] = {"query": "/".join(unit.getPhysicalPath()), "depth": 1}
        query["sort_on"] = "getObjPositionInParent"
    terms = []
    for brain in catalog.unrestrictedSearchResults(**query):
        if unit is not None:
            title = brain.Title
        else:
            unit_title = brain._unrestrictedGetObject().aq_parent.Title()
            title = f"{unit_title} {brain.Title}".strip()
        terms.append(SimpleTerm(brain.UID, brain.UID, title))
    listed = {term.value for term in terms}
    for uid in _stored_departments(context):
        if uid in listed:
            continue
        found = catalog.unrestrictedSearchResults(UID=uid, portal_type="gongwen_department")
        if found:
            department = found[0]._unrestrictedGetObject()
            title = f"{department.aq_parent.Title()} {department.Title()}".strip()
        else:
            title = uid
        terms.append(SimpleTerm(uid, uid, title))
        listed.add(uid)
    return SimpleVocabulary(terms)


def _stored_departments(context):
    from Acquisition import aq_base

    found = []
    for name in DEPARTMENT_FIELDS:
        value = getattr(aq_base(context), name, None) if context is not None else None
        if isinstance(value, str):
            value = [value]
        found.extend(uid for uid in value or () if isinstance(uid, str) and uid)
    return found
