"""plone.restapi endpoints of the bureau: one folder per endpoint under ``services/``."""
