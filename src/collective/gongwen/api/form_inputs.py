"""Zope's typed form fields (``b_start:int=abc``) refused as the client's mistake.

ZPublisher converts ``name:int``, ``name:float``, ``name:date`` … while it
reads the request, before any site or layer is reached; a value that does
not convert raises ``ValueError`` there and Zope answers 500. The value came
from the client, so the answer is a 400 (``BadRequest``) with the reason.
"""

from DateTime.interfaces import DateTimeError
from zExceptions import BadRequest
from ZPublisher.HTTPRequest import HTTPRequest

_process_inputs = HTTPRequest.processInputs


def process_inputs(self, *args, **kwargs):
    """``HTTPRequest.processInputs``; a field that does not convert is a ``BadRequest``."""
    try:
        return _process_inputs(self, *args, **kwargs)
    except (ValueError, DateTimeError) as error:
        raise BadRequest(str(error)) from error
