"""The one error a selector raises when what was asked for does not exist for the viewer."""


class NotFound(Exception):
    """Not there, or not for this viewer. Views answer 404 with the message (the
    middleware in config), consumers close with 4404."""
