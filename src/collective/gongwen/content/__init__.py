"""Dexterity content: the unit, department and document types, their schemas and rules."""
