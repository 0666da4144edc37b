"""The published JSON Schemas stay in sync with the models."""

from worker.schemas import SCHEMA_DIR, render, schemas


def test_schema_files_match_the_models() -> None:
    """Regenerate with `python -m worker.schemas` after changing a model."""
    for name, schema in schemas().items():
        assert (SCHEMA_DIR / name).read_text(encoding="utf-8") == render(schema), name
