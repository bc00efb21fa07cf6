"""One module per subcommand; each `run` returns an exit code."""
