"""A bundle's expression evaluated once per page and context, not once per file.

Plone decides for each file of a bundle whether the page includes it by evaluating the
bundle's expression, with a new expression context (the portal, the member, the object's
folder…) each time. The viewer's three bundles share one expression
(``context/@@gongwen-documentviewer-page``, profiles/default/registry.xml) over five files:
five evaluations on every page, 1.3 of the resource viewlets' 4.6 ms a document page. The
answer depends only on the expression, the object and the request, and Plone keeps the
rendered tags for the rest of the request anyway; so it is kept on the request too, where the
page's key of kept tags (``bundle_tags``) finds it as well.
"""

from Products.CMFCore.Expression import Expression
from Products.CMFPlone.resources.utils import evaluateExpression

from collective.gongwen.request_answers import kept
from collective.gongwen.request_answers import object_key

ANSWERS_KEY = "collective.gongwen.portal.bundle_expressions"
_compiled = {}  # an expression's text → the expression, compiled once per process


def eval_expression(self):
    """Plone's ``PloneBaseResource.eval_expression``, its answer kept on the request."""
    if not self.expression:
        return True
    return answer(self.expression, self.context)


def answer(expression, context):
    """The bundle ``expression`` (TALES text) evaluated on ``context``, once per request."""
    answers = kept(ANSWERS_KEY)
    key = (expression, object_key(context))
    if key not in answers:
        if expression not in _compiled:
            _compiled[expression] = Expression(expression)
        answers[key] = evaluateExpression(_compiled[expression], context)
    return answers[key]
