"""Quality gates over built sites: accessibility (axe-core), HTML validity (W3C Nu), links and anchors
(LinkChecker), injection, offline, and nothing lost in the repository.

Setup beyond `pip install -e '.[test]'`: `npm ci --prefix tests/quality` (axe-core), Java for the Nu
validator, and Debian's Chromium. Missing checkers skip on a developer's machine and fail under CI=true.
Problems of mkdocs-material itself are listed with their reasons in `axe.py` and `nu.py`.
"""
