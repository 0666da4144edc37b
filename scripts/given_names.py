"""Rebuild worker/data/given_names.tsv: given names that are strongly gendered, from nomquamgender's data.

nomquamgender (MIT, Ian Van Buskirk, https://github.com/ianvanbuskirk/nomquamgender) ships name_data.json:
name -> [sources, count, p(female), ...]. We keep names seen at least MIN_COUNT times whose p(female) is
at most 1 - CERTAINTY (male) or at least CERTAINTY (female). Run with the path to name_data.json, e.g.

    pip download nomquamgender==0.1.4 --no-deps -d /tmp/nqg && unzip -o /tmp/nqg/*.whl -d /tmp/nqg
    python scripts/given_names.py /tmp/nqg/nomquamgender/name_data.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

MIN_COUNT = 500
CERTAINTY = 0.95
OUT = Path(__file__).resolve().parents[1] / "worker" / "data" / "given_names.tsv"
HEADER = "# given name<TAB>m|f, from nomquamgender 0.1.4 (MIT); built by scripts/given_names.py\n"


def strongly_gendered(data: dict[str, list[float]]) -> list[tuple[str, str]]:
    """(name, 'm'|'f') for every alphabetic name with enough evidence and a clear gender."""
    rows = []
    for name, values in data.items():
        count, p_female = values[1], values[2]
        if not name.isalpha() or count < MIN_COUNT:
            continue
        if p_female >= CERTAINTY or p_female <= 1 - CERTAINTY:
            rows.append((name.casefold(), "f" if p_female >= CERTAINTY else "m"))
    return sorted(set(rows))


def main(source: str) -> None:
    data = json.loads(Path(source).read_text(encoding="utf-8"))
    rows = strongly_gendered(data)
    OUT.write_text(HEADER + "".join(f"{name}\t{sex}\n" for name, sex in rows), encoding="utf-8")
    print(f"{len(rows)} names -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
