import os
import sys

# `python -m` puts the current folder first on sys.path; run inside a scanned repository, its
# own tomllib.py or yaml.py would then be imported in place of the real ones. Nothing of ours
# lives there: drop it before anything else is imported.
if sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from stackcheck.console import main

if __name__ == "__main__":
    main()
