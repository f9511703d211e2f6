"""The back office's domain: edits as documents, proposals, field decisions, history, lifecycle.

No Flask here. Functions take a plain ``Session``, add and flush; views and commands commit.
An offer is edited as a *document* (``document.py``): plain JSON-ready data, one key per field
a person changes at once (the texts, the target groups, the hours...). Proposals, diffs,
conflicts and revisions all speak in those fields.
"""
