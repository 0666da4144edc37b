"""A small multinomial logistic regression in numpy, for the scripts that train the shipped models.

Written by hand (about 40 lines) rather than adding scikit-learn: the models are sparse string features
with a handful of classes, trained once by scripts/train_*.py and shipped as JSON weights.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

MIN_COUNT = 2
L2 = 1e-4
STEPS = 300
SEED = 17


def vocabulary(examples: list[list[str]], min_count: int = MIN_COUNT) -> dict[str, int]:
    """Features seen at least `min_count` times, indexed in a fixed (sorted) order."""
    counts = Counter(name for found in examples for name in found)
    return {name: i for i, name in enumerate(sorted(n for n, c in counts.items() if c >= min_count))}


def _indices(examples: list[list[str]], vocab: dict[str, int]) -> tuple[np.ndarray, np.ndarray]:
    """(example row, feature column) pairs of the known features."""
    rows = np.array([i for i, found in enumerate(examples) for name in found if name in vocab], dtype=int)
    cols = np.array([vocab[name] for found in examples for name in found if name in vocab], dtype=int)
    return rows, cols


def _summed(index: np.ndarray, values: np.ndarray, size: int) -> np.ndarray:
    """Rows of `values` added up by `index` into `size` rows (np.add.at, about 8x faster by bincount)."""
    columns = [np.bincount(index, weights=values[:, k], minlength=size) for k in range(values.shape[1])]
    return np.stack(columns, axis=1) if columns else np.zeros((size, 0))


def predict(w: np.ndarray, b: np.ndarray, examples: list[list[str]], vocab: dict[str, int]) -> np.ndarray:
    """Each example's class probabilities."""
    return _probabilities(w, b, *_indices(examples, vocab), len(examples))


def _probabilities(w: np.ndarray, b: np.ndarray, rows: np.ndarray, cols: np.ndarray, n: int) -> np.ndarray:
    """The class probabilities of `n` examples given as (row, column) pairs of their features."""
    s = b + _summed(rows, w[cols], n)
    e = np.exp(s - s.max(axis=1, keepdims=True))
    out: np.ndarray = e / e.sum(axis=1, keepdims=True)
    return out


def fit(
    examples: list[list[str]], labels: list[int], classes: int, vocab: dict[str, int]
) -> tuple[np.ndarray, np.ndarray]:
    """Weights (features x classes) and biases, by full-batch Adam with L2; seeded, fixed step count."""
    rows, cols = _indices(examples, vocab)
    y = np.eye(classes)[labels]
    w = np.random.default_rng(SEED).normal(0, 0.01, (len(vocab), classes))
    b = np.zeros(classes)
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, STEPS + 1):
        g = (_probabilities(w, b, rows, cols, len(examples)) - y) / len(examples)
        gw = _summed(cols, g[rows], len(vocab)) + L2 * w
        b -= 0.1 * g.sum(axis=0)
        m = 0.9 * m + 0.1 * gw
        v = 0.999 * v + 0.001 * gw**2
        w -= 0.1 * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return w, b


def weights_table(w: np.ndarray, vocab: dict[str, int]) -> dict[str, list[float]]:
    """The weights as JSON-ready rows, rounded, features whose weights are all near zero left out."""
    return {
        name: [round(float(x), 3) for x in w[i]] for name, i in vocab.items() if np.abs(w[i]).max() >= 0.01
    }
