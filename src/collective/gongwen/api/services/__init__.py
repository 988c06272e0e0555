"""REST services (plone.restapi)."""
