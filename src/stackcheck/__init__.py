"""stackcheck: does the Django web framework suit this repository?"""

__version__ = "0.1.0"
