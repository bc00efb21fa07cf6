"""Manifests of ecosystems other than Python and Node, one module per family: server.py
(Go, Rust, PHP), elixir.py, ruby.py, jvm.py, native.py (C/C++, firmware) and mobile.py;
common.py holds what they share."""
