"""Build the third-party files `sitroom serve` ships, from the npm packages in scripts/web.

- the offline basemap: Natural Earth 1:110m countries (public domain) from the TopoJSON of
  `world-atlas`, decoded here and written as one SVG path per country in the map's own
  equirectangular frame (x = lon + 180, y = 90 - lat), to 0.1 degree: about 100 KB;
- Swagger UI (`swagger-ui-dist`, Apache-2.0) for the API docs at /docs.

Both land in sitroom/server/static/vendor/ (not committed). Run by `make assets`:

    npm ci --prefix scripts/web --ignore-scripts && python scripts/build_web_assets.py
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = ROOT / "scripts" / "web" / "node_modules"
VENDOR = ROOT / "sitroom" / "server" / "static" / "vendor"
SWAGGER_FILES = ("swagger-ui-bundle.js", "swagger-ui.css", "LICENSE", "NOTICE")


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs (quantized, delta-encoded) as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indices:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous across the antimeridian (a ring may then pass 180)."""
    out = [points[0]]
    for lon, lat in points[1:]:
        previous = out[-1][0]
        while lon - previous > 180:
            lon -= 360
        while previous - lon > 180:
            lon += 360
        out.append((lon, lat))
    return out


def path(polygons: list[list[list[int]]], arcs) -> str:
    """SVG path data for polygons (lists of rings of arc indices). A ring that crosses the
    antimeridian is drawn twice, 360 degrees apart; the map's frame clips what lies outside."""
    parts = []
    for polygon in polygons:
        for indices in polygon:
            points = unwrap(ring(indices, arcs))
            lons = [lon for lon, _ in points]
            shifts = [0] + [360 if min(lons) < -180 else -360] * (max(lons) > 180 or
                                                                min(lons) < -180)
            for shift in shifts:
                parts.append(_subpath([(lon + shift, lat) for lon, lat in points]))
    return "".join(p for p in parts if p)


def _subpath(points: list[tuple[float, float]]) -> str:
    xy = [(round(lon + 180, 1), round(90 - lat, 1)) for lon, lat in points]
    kept = [p for i, p in enumerate(xy) if i == 0 or p != xy[i - 1]]
    return "M" + "L".join(f"{x:g} {y:g}" for x, y in kept) + "Z" if len(kept) >= 3 else ""


def basemap(topology: dict) -> dict:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        polygons = [geometry["arcs"]] if kind == "Polygon" else \
            geometry["arcs"] if kind == "MultiPolygon" else []
        d = path(polygons, arcs)
        if d:
            countries.append({"name": geometry.get("properties", {}).get("name", ""), "d": d})
    return {"source": "Natural Earth 1:110m admin-0 countries (public domain), via the npm "
                      "package world-atlas", "frame": "x = lon + 180, y = 90 - lat",
            "countries": countries}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--modules", type=Path, default=MODULES)
    parser.add_argument("--out", type=Path, default=VENDOR)
    args = parser.parse_args()
    topology = json.loads((args.modules / "world-atlas" / "countries-110m.json").read_text())
    args.out.mkdir(parents=True, exist_ok=True)
    world = args.out / "world.json"
    world.write_text(json.dumps(basemap(topology), separators=(",", ":")) + "\n")
    swagger = args.out / "swagger-ui"
    swagger.mkdir(exist_ok=True)
    for name in SWAGGER_FILES:
        shutil.copyfile(args.modules / "swagger-ui-dist" / name, swagger / name)
    print(f"wrote {world} ({world.stat().st_size // 1024} KB) and {swagger}/")


if __name__ == "__main__":
    main()
