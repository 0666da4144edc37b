"""The documented normalisation of names in index keys."""

import pytest

from worker.keys import Keys, name_key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Wang Yi", "wang-yi"),
        ("  Émilie  Côté ", "emilie-cote"),
        ("U.S.", "u-s"),
        ("Al-Assad's", "al-assad-s"),
    ],
)
def test_name_key_folds_case_accents_and_punctuation(name: str, key: str) -> None:
    """Lower case, ASCII, runs of letters and digits joined by '-'."""
    assert name_key(name) == key


def test_index_keys() -> None:
    """Entity indexes carry the label; speaker indexes do not."""
    keys = Keys()
    assert keys.entity("PERSON", "Wang Yi") == "newsworker:entity:PERSON:wang-yi"
    assert keys.speaker("Wang Yi") == "newsworker:speaker:wang-yi"
    assert (keys.events, keys.deadletter, keys.counters) == (
        "newsworker:events",
        "newsworker:deadletter",
        "newsworker:counters",
    )
