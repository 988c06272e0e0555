"""Form validators of the unit schema: thin glue from the forms to ``checks``.

Registered by the ``form:validator`` attributes in ``content/schemas/unit.xml``.
In an add form the context is the container, in an edit form the unit itself.
The schema loads this module while ``content.unit`` is being imported, so
units are recognised by portal type and ``org.units`` is imported late.
"""

from z3c.form.validator import SimpleFieldValidator
from zope.interface import Invalid

from collective.gongwen.org.checks import UnitDataError
from collective.gongwen.org.checks import check_agency_code_unique
from collective.gongwen.org.checks import check_superior


def _edited_unit_uid(context):
    return context.UID() if getattr(context, "portal_type", None) == "gongwen_unit" else None


def all_units():
    from collective.gongwen.org.units import all_units

    return all_units()


class AgencyCodeValidator(SimpleFieldValidator):
    """机关代字 must be unique among the portal's units."""

    def validate(self, value):
        super().validate(value)
        own = _edited_unit_uid(self.context)
        others = [unit.agency_code for unit in all_units() if unit.UID() != own]
        try:
            check_agency_code_unique(value, others)
        except UnitDataError as error:
            raise Invalid(error.args[0]) from error


class SuperiorUnitValidator(SimpleFieldValidator):
    """The superior unit may be neither the unit itself nor one of its subordinates."""

    def validate(self, value):
        super().validate(value)
        superior_of = {unit.UID(): getattr(unit, "superior_unit", None) for unit in all_units()}
        try:
            check_superior(_edited_unit_uid(self.context), value, superior_of)
        except UnitDataError as error:
            raise Invalid(error.args[0]) from error
