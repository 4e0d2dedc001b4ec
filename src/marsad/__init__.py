"""Marsad: a self-hosted multilingual news observatory."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
