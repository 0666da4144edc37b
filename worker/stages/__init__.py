"""The NLP stages: a package per family (summary/, entities/, quotes/), its `STAGE` in its __init__.py.

Modules at this level are shared by the families: base.py (Stage, ParsedArticle, StageOptions), columns.py,
text.py, names.py and lexicon.py (word lists, one meaning per name).
"""
