"""The published JSON Schemas of the input article and the result, generated from the models."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from worker.models import RESULT_SCHEMA_VERSION, Article, ArticleResult

SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def schemas() -> dict[str, dict[str, Any]]:
    """File name to JSON Schema, for the input (validation mode) and the result (serialization mode)."""
    article = Article.model_json_schema(mode="validation")
    result = ArticleResult.model_json_schema(mode="serialization")
    result["$comment"] = f"result contract version {RESULT_SCHEMA_VERSION}"
    return {"article.schema.json": article, "result.schema.json": result}


def render(schema: dict[str, Any]) -> str:
    """A schema as the stable text stored in the repository."""
    return json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Regenerate the schema files; returns their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, schema in schemas().items():
        path = directory / name
        path.write_text(render(schema), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write(Path(sys.argv[1]) if len(sys.argv) > 1 else SCHEMA_DIR):
        print(written)
