"""Rules on units' own data, in plain Python: unique 机关代字, no superior loops.

The form validators in ``validators`` gather the data from the portal and
call these; each problem is a ``UnitDataError`` with a Chinese message.
"""

from collective.gongwen import _


class UnitDataError(ValueError):
    """A unit's data contradicts another unit's or its own (Chinese message)."""


def check_agency_code_unique(code, other_codes):
    """Refuse ``code`` when another unit already uses it (spaces ignored)."""
    code = (code or "").strip()
    if code and code in {(other or "").strip() for other in other_codes}:
        raise UnitDataError(
            _(
                "error_duplicate_agency_code",
                default="机关代字「${code}」已被其他单位使用，请换一个。",
                mapping={"code": code},
            )
        )


def check_superior(unit_uid, superior_uid, superior_of):
    """Refuse a superior that is the unit itself or one of its subordinates.

    ``superior_of`` maps a unit's UID to its superior's UID (or None).
    ``unit_uid`` is None for a unit being created (it cannot be in a loop).
    """
    if not superior_uid or unit_uid is None:
        return
    if superior_uid == unit_uid:
        raise UnitDataError(_("error_superior_is_self", default="上级单位不能是本单位。"))
    seen = set()
    current = superior_uid
    while current and current not in seen:
        if current == unit_uid:
            raise UnitDataError(
                _(
                    "error_superior_loop",
                    default="上级单位不能是本单位的下级单位（会形成循环的隶属关系）。",
                )
            )
        seen.add(current)
        current = superior_of.get(current)
