"""Rebuild worker/data/given_names.tsv (strongly gendered given names), given_names_leaning.tsv (names
that only lean one way) and given_names_either.tsv (names given to both: "Jody", "Jan"), from
nomquamgender's data.

nomquamgender (MIT, Ian Van Buskirk, https://github.com/ianvanbuskirk/nomquamgender) ships name_data.json:
name -> [sources, count, p(female), ...]. We keep names seen at least MIN_COUNT times whose p(female) is
at most 1 - CERTAINTY (male) or at least CERTAINTY (female); names between that and LEANING ("Bernie"
0.15, "Hillary" 0.92) go to the leaning file, a weaker vote for pronouns; the rest ("Jody" 0.68, "Jan"
0.24) to the either file, which says only that a word is a given name. Run with the path to
name_data.json, e.g.

    pip download nomquamgender==0.1.4 --no-deps -d /tmp/nqg && unzip -o /tmp/nqg/*.whl -d /tmp/nqg
    python scripts/given_names.py /tmp/nqg/nomquamgender/name_data.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MIN_COUNT = 500
CERTAINTY = 0.95
LEANING = 0.8
DATA = Path(__file__).resolve().parents[1] / "worker" / "data"
OUT, OUT_LEANING = DATA / "given_names.tsv", DATA / "given_names_leaning.tsv"
OUT_EITHER = DATA / "given_names_either.tsv"
HEADER = "# given name<TAB>m|f, from nomquamgender 0.1.4 (MIT); built by scripts/given_names.py\n"


def gendered(data: dict[str, list[float]], low: float, high: float) -> list[tuple[str, str]]:
    """(name, 'm'|'f') for every alphabetic name with enough evidence whose p(female) or p(male) is in
    [low, high)."""
    rows = []
    for name, values in data.items():
        count, p_female = values[1], values[2]
        if not name.isalpha() or count < MIN_COUNT:
            continue
        if low <= p_female < high or low <= 1 - p_female < high:
            rows.append((name.casefold(), "f" if p_female >= 0.5 else "m"))
    return sorted(set(rows))


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    for path, rows in (
        (OUT, gendered(data, CERTAINTY, 1.01)),
        (OUT_LEANING, gendered(data, LEANING, CERTAINTY)),
        (OUT_EITHER, gendered(data, 0.5, LEANING)),
    ):
        path.write_text(HEADER + "".join(f"{name}\t{sex}\n" for name, sex in rows), encoding="utf-8")
        print(f"{len(rows)} names -> {path}")


if __name__ == "__main__":
    main(sys.argv[1])
