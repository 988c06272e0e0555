"""A bundle's expression evaluated once per page and context, not once per file.

Plone decides for each file of a bundle whether the page includes it by evaluating the
bundle's expression, with a new expression context (the portal, the member, the object's
folder…) each time. The viewer's three bundles share one expression
(``context/@@gongwen-documentviewer-page``, profiles/default/registry.xml) over five files:
five evaluations on every page, 1.3 of the resource viewlets' 4.6 ms a document page. The
answer depends only on the expression, the object and the request, and Plone keeps the
rendered tags for the rest of the request anyway; so it is kept on the request too.
"""

from collective.gongwen.request_answers import kept
from collective.gongwen.request_answers import object_key

ANSWERS_KEY = "collective.gongwen.portal.bundle_expressions"


def eval_expression(self):
    """Plone's ``PloneBaseResource.eval_expression``, its answer kept on the request."""
    if not self.expression:
        return self._old_eval_expression()  # kept by collective.monkeypatcher
    answers = kept(ANSWERS_KEY)
    key = (self.expression, object_key(self.context))
    if key not in answers:
        answers[key] = self._old_eval_expression()
    return answers[key]
