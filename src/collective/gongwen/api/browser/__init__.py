"""Views of the REST layer: the error views of our browser layer."""
