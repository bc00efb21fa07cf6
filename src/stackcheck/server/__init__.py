"""The resident server: scans answered by a process that stays loaded between commits.

`stackcheck server start` starts one per user and cache folder (the dmypy or eslint_d
shape). While it runs, `stackcheck scan` hands each scan the fast path may answer (a git work
tree or its index, the options in invocation.FLAGS and VALUED) to it instead of loading
stackcheck and reading the cache afresh: the client sends its argument list, folder,
environment, umask and the shape of its output streams, and passes its standard output and
error themselves (SCM_RIGHTS), so the report reaches the caller's terminal or pipe exactly
as the caller's own scan would write it, and the exit code comes back. The server runs the
same code a fresh process runs, with the caller's environment and folder, one scan at a
time; what it keeps between scans is memory.py's tables, each keyed by content.

Who may use it, and what it may do:

- It is started only by the person running stackcheck, never by a scanned repository's
  config; its socket lies in that person's cache folder (the folder fastpath.py reads
  answers from), in a folder of its own that only the owner may enter (0700), and the
  client uses it only when that folder is the caller's, is not a link, and is closed to
  everyone else. Each side checks the other's user id (SO_PEERCRED) on every connection.
- It runs nothing a repository names: a scan through it is the scan a fresh process runs.
- It answers only for the code it loaded: the client names the interpreter, its
  environment (prefix) and the folder stackcheck is loaded from, and the server declines
  any other; before each scan it also checks its own files on disk (their sizes and times,
  as fastpath.py keys answers) and, when they changed since it loaded them, declines and
  exits. A declined scan runs in the client, as if no server ran.
- It exits after an idle time (one hour unless told otherwise), on `stackcheck server
  stop`, and on SIGTERM; its memory is bounded by memory.py's limits.

Linux only (SO_PEERCRED): elsewhere `server start` says so, and scans run as before.
"""
