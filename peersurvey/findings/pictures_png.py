"""A theme's picture as PNG or JPEG bytes, for posters and the shared page.

Library pictures are OpenMoji SVG files under static/, drawn to a PNG with resvg; a
project's own pictures are already PNG or JPEG bytes in the media table.
"""
from functools import lru_cache
from pathlib import Path

import resvg_py

from ..prepare import media, pictures

STATIC = Path(__file__).resolve().parents[1] / "static"
POSTER_PIXELS = 600


@lru_cache(maxsize=64)
def _library_png(picture_id, pixels):
    entry = pictures.get(picture_id)
    if entry is None:
        return None
    path = STATIC / entry["file"]
    if not path.is_file():
        return None
    return bytes(resvg_py.svg_to_bytes(svg_path=str(path), width=pixels, height=pixels))


def picture_bytes(project_id, picture_id, pixels=POSTER_PIXELS):
    """(bytes, mime type) of the picture, or None when there is none to show."""
    if not picture_id:
        return None
    if picture_id.startswith("openmoji:"):
        png = _library_png(picture_id, pixels)
        return (png, "image/png") if png else None
    row = media.get(project_id, picture_id)
    if row is None or row["kind"] != "image":
        return None
    return row["data"], row["mime"]
