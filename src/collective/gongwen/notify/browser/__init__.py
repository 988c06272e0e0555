"""Views of the notifications: the personal mail settings and the workers' reminder run."""
