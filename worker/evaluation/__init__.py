"""Evaluation commands: score the stages on the gold data in ../shared/eval (never copied here)."""
