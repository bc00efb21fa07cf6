"""Placeholder: parsers for this family are registered here."""
