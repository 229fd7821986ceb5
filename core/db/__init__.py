"""Thin database backends: Django's own, with stored times read through core.moments.clamp_stored.

settings.py swaps the engine dj-database-url names for these (same vendor, same SQL).
"""
