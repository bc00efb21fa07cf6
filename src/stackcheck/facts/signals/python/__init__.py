"""Python code signals: code.py is the file scanner; it parses each file once (syntax.py),
lets gate.py decide which analyzers can apply, and runs django.py, web.py and usecases.py
over the parsed module."""
