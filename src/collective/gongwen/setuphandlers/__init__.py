"""Install, uninstall and demo-data handlers for the GenericSetup profiles."""
