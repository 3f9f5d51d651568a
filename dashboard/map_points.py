"""Where the map draws each country's position symbol: a point well inside the country.

The map's second channel (after colour) is a symbol per position over each country, so support,
conditional and oppose are told apart in grayscale print and under colour blindness. A centroid
can fall outside a country (Croatia's crescent puts it in Bosnia), so the point is the one inside
the country's largest polygon that is farthest from its border (a grid search, then a finer grid
around the best cell). Computed once from data/countries-110m.json into data/map_points.csv:

    .venv/bin/python -m dashboard.map_points        # rewrites data/map_points.csv
"""
from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
POINTS_FILE = "map_points.csv"


def _arcs(topo: dict) -> list[np.ndarray]:
    """The topology's arcs as lon/lat arrays (delta-decoded, then de-quantized)."""
    scale = np.array(topo["transform"]["scale"]) if "transform" in topo else np.ones(2)
    shift = np.array(topo["transform"]["translate"]) if "transform" in topo else np.zeros(2)
    out = []
    for arc in topo["arcs"]:
        a = np.array(arc, dtype=float)
        if "transform" in topo:
            a = np.cumsum(a, axis=0)
        out.append(a * scale + shift)
    return out


def _ring(arcs: list[np.ndarray], refs: list[int]) -> np.ndarray:
    parts = []
    for i in refs:
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if not parts else a[1:])
    return np.concatenate(parts)


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0], ring[:, 1]
    return abs(float(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))) / 2


def _inside(ring: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon for many points at once."""
    x0, y0 = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
    x1, y1 = ring[1:, 0][:, None], ring[1:, 1][:, None]
    crosses = ((y0 > py) != (y1 > py)) & (px < (x1 - x0) * (py - y0) / np.where(y1 == y0, 1e-12, y1 - y0) + x0)
    return crosses.sum(axis=0) % 2 == 1


def _edge_distance(ring: np.ndarray, px: np.ndarray, py: np.ndarray) -> np.ndarray:
    ax, ay = ring[:-1, 0][:, None], ring[:-1, 1][:, None]
    dx, dy = (ring[1:, 0] - ring[:-1, 0])[:, None], (ring[1:, 1] - ring[:-1, 1])[:, None]
    t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0, 1)
    return np.hypot(px - (ax + t * dx), py - (ay + t * dy)).min(axis=0)


def label_point(ring: np.ndarray, steps: int = 40) -> tuple[float, float]:
    """The point of the grid inside ``ring`` farthest from its edges, refined once."""
    lo, hi = ring.min(axis=0), ring.max(axis=0)
    best, best_d = (ring[:, 0].mean(), ring[:, 1].mean()), -1.0
    for _ in range(2):
        gx, gy = np.meshgrid(np.linspace(lo[0], hi[0], steps), np.linspace(lo[1], hi[1], steps))
        px, py = gx.ravel()[None, :], gy.ravel()[None, :]
        ins = _inside(ring, px, py)
        if ins.any():
            d = np.where(ins, _edge_distance(ring, px, py), -1.0)
            k = int(d.argmax())
            if d[k] > best_d:
                best, best_d = (float(px[0, k]), float(py[0, k])), float(d[k])
        cell = (hi - lo) / steps
        lo, hi = np.array(best) - cell, np.array(best) + cell
    return best


def label_points(topo: dict) -> list[dict]:
    """One row per country geometry: iso_numeric, name, lon, lat (inside its largest polygon)."""
    from dashboard.data import _MISSING_IDS   # the ids the atlas leaves out (Kosovo)
    arcs = _arcs(topo)
    rows = []
    for g in topo["objects"]["countries"]["geometries"]:
        gid = g.get("id") or _MISSING_IDS.get((g.get("properties") or {}).get("name"))
        if gid is None or g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        outer = max((_ring(arcs, p[0]) for p in polygons), key=_area)
        lon, lat = label_point(outer)
        rows.append({"iso_numeric": str(gid).zfill(3), "name": g.get("properties", {}).get("name", ""),
                     "lon": round(lon, 3), "lat": round(lat, 3)})
    return rows


def main(argv: list[str] | None = None) -> int:
    data = ROOT / "data"
    topo = json.loads((data / "countries-110m.json").read_text(encoding="utf-8"))
    rows = label_points(topo)
    with open(data / POINTS_FILE, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["iso_numeric", "name", "lon", "lat"])
        w.writeheader()
        w.writerows(rows)
    print(f"{len(rows)} label points -> {data / POINTS_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
