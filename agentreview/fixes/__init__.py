"""Mechanical fixes: the libcst codemods behind suggestions, `agentreview fix` and `check --fix`.

One source of truth per fix
---------------------------
Each fix is one small codemod in `codemods/`: a pure function from libcst nodes to new nodes
(`time.sleep(x)` -> `await asyncio.sleep(x)`), with no knowledge of names or scopes. The
detectors, which already know what a name resolves to and whether the edit is safe, call it
when they report a finding and turn the new node into the finding's `Suggestion`
(`offer.py`). So the suggestion a review shows and the edit `fix` applies are the same edit.

An edit that needs an import (`asyncio`, `Annotated`, ...) cannot be a review suggestion: a
suggestion is one block of lines, and applied on its own it would leave a name undefined.
The engine therefore runs in one of two modes: a review drops such edits (the suggestion is
None), while a fix run (`analyse_python(..., fix_mode=True)`) keeps them as `Fix`, a
`Suggestion` that also lists the imports it needs.

Applying fixes
--------------
`session.py` reviews a file as the review pipeline does (so exactly the change's findings
count), takes the fix-mode edit of each, applies the edits that do not overlap, adds the
imports once (`imports.py`), and checks that the result still parses and compiles; an edit
that breaks the file is dropped with a note. Overlapping edits wait for the next round, on
the re-reviewed text, until nothing is left to fix. `patch.py` writes the unified diff and
`command.py` holds the CLI entry points.

Import this package's submodules directly: `agentreview.fixes.command` loads the review
pipeline, while the codemods and `model.py` stay light for the detectors that use them.
"""
