"""Stage 1, the source: which files a target holds and how to read them.

Takes a target (a git work tree, its index, a revision, or a plain folder) and the user's
exclusions; gives a `RepoFiles` (listing.py): the files to analyse with their roles
(documentation, tests), what was skipped and why, and a `Reader` for their bytes.
`discover.discover` is the one call that picks the kind of target and hands on a finished
listing; git.py lists from git, worktree.py walks a plain folder, revisions.py lists many
commits in one walk, snapshot.py knows a tree again before listing it, and textio.py turns
bytes into text.
"""
