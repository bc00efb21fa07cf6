"""Placeholder: Python code signals are registered here."""
