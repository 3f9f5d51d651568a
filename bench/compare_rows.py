"""Save the extractor's rows on every article set, or compare them with a saved snapshot.

    .venv/bin/python bench/compare_rows.py save  [DIR]    # before a change (default bench/out/rows)
    .venv/bin/python bench/compare_rows.py check [DIR]    # after it: exits 1 and lists the rows that differ

A restructuring must leave the rows byte-identical; a deliberate rule change shows here as the
list of rows it adds or drops. Columns that a snapshot lacks (a column added since) are ignored.
"""
from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETS = ["seeds", "tests/articles", "tests/blind", "tests/blind2", "tests/blind3", "tests/blind4",
        "tests/blind5", "bench/on_topic", "tests/real/texts"]


def rows_of(folder: Path) -> list[dict]:
    from extract.evaluate import extract_rows
    manifest = folder / "manifest.csv"
    return extract_rows([str(folder)], str(manifest) if manifest.exists() else None)


def _csv(rows: list[dict], columns: list[str]) -> list[str]:
    out = []
    for r in rows:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow([r.get(c, "") for c in columns])
        out.append(buf.getvalue())
    return out


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("save", "check"):
        print(__doc__)
        return 2
    out = Path(argv[1]) if len(argv) > 1 else ROOT / "bench/out/rows"
    out.mkdir(parents=True, exist_ok=True)
    changed = 0
    for name in SETS:
        folder = ROOT / name
        if not folder.is_dir():
            continue
        rows = rows_of(folder)
        snap = out / (name.replace("/", "__") + ".csv")
        if argv[0] == "save":
            columns = list(rows[0]) if rows else []
            with snap.open("w", encoding="utf-8", newline="") as f:
                w = csv.DictWriter(f, columns)
                w.writeheader()
                w.writerows(rows)
            print(f"{name}: {len(rows)} rows saved")
            continue
        if not snap.exists():
            print(f"{name}: no snapshot")
            continue
        with snap.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            old = list(reader)
            columns = reader.fieldnames or []
        a, b = _csv(old, columns), _csv(rows, columns)
        if a == b:
            print(f"{name}: {len(b)} rows, identical")
            continue
        changed += 1
        gone, new = [x for x in a if x not in b], [x for x in b if x not in a]
        print(f"{name}: {len(a)} -> {len(b)} rows, {len(gone)} gone, {len(new)} new"
              + ("" if gone or new else " (order changed)"))
        for x in gone:
            print(f"  - {x[:220]}")
        for x in new:
            print(f"  + {x[:220]}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
