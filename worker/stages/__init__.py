"""The NLP stages: each a module with its output model, a pure function and its `STAGE` declaration."""
