"""Scoring Marsad's stages against gold data (``marsad eval ...``)."""
