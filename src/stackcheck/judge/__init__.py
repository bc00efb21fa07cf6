"""Stage 3, the judge: rules applied to facts, and the verdict. Pure: no disk, no git.

Takes the rule files (rules.py loads and validates them, rule_cache.py keeps validated
rules between runs; the only I/O here) and a tree's facts; gives `Finding`s
(evaluate.py, with the condition language of conditions.py) and a `Verdict` under a
`Policy` (verdict.py).
"""
