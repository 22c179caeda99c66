"""Build the picture library from the `openmoji` npm package.

    npm pack openmoji@17.0.0 && tar xzf openmoji-17.0.0.tgz
    python scripts/build_pictures.py package

Reads the hand-made selection in scripts/picture_choices.json (which pictures, their
category, and the English and Welsh words: the first is the picture's name, the rest are
for searching), copies each colour SVG into static/easyread/pictures/ with the OpenMoji
licence (CC BY-SA 4.0), and writes peersurvey/prepare/picture_library.json, which the app
reads. Run it again after changing picture_choices.json.
"""
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHOICES = ROOT / "scripts/picture_choices.json"
PICTURES = ROOT / "peersurvey/static/easyread/pictures"
LIBRARY = ROOT / "peersurvey/prepare/picture_library.json"


def fail(message):
    raise SystemExit(f"build_pictures: {message}")


def check(choices, svg_dir):
    """Stop before copying anything if the selection has a mistake in it."""
    seen = set()
    for choice in choices:
        hexcode = choice.get("hexcode", "")
        if hexcode in seen:
            fail(f"{hexcode} is chosen twice in {CHOICES.name}")
        seen.add(hexcode)
        if not (svg_dir / f"{hexcode}.svg").is_file():
            fail(f"no picture {hexcode}.svg in {svg_dir}")
        if not choice.get("category"):
            fail(f"{hexcode} has no category")
        for language in ("en", "cy"):
            words = choice.get(language) or []
            if not words or not all(word.strip() for word in words):
                fail(f"{hexcode} needs {language} words, and none of them empty")


def authors(package):
    with open(package / "data/openmoji.json", encoding="utf-8") as f:
        return {emoji["hexcode"]: emoji["openmoji_author"] for emoji in json.load(f)}


def main(package_dir):
    package = Path(package_dir)
    svg_dir = package / "color/svg"
    if not svg_dir.is_dir():
        fail(f"no {svg_dir}: unpack the npm package first (see the top of this script)")
    with open(CHOICES, encoding="utf-8") as f:
        choices = json.load(f)
    check(choices, svg_dir)
    author_of = authors(package)

    PICTURES.mkdir(parents=True, exist_ok=True)
    # A picture dropped from the selection must not stay behind, still served.
    for old in PICTURES.glob("*.svg"):
        old.unlink()
    library = []
    for choice in choices:
        hexcode = choice["hexcode"]
        shutil.copyfile(svg_dir / f"{hexcode}.svg", PICTURES / f"{hexcode}.svg")
        library.append({
            "id": f"openmoji:{hexcode}",
            "file": f"easyread/pictures/{hexcode}.svg",
            "category": choice["category"],
            "words": {"en": choice["en"], "cy": choice["cy"]},
            "author": author_of.get(hexcode, ""),
        })
    shutil.copyfile(package / "LICENSE.txt", PICTURES / "LICENSE-OpenMoji.txt")

    # One picture a line, so a change to the selection reads well in a diff.
    lines = [json.dumps(entry, ensure_ascii=False) for entry in library]
    LIBRARY.write_text("[\n" + ",\n".join(lines) + "\n]\n", encoding="utf-8")
    print(f"copied {len(library)} pictures into {PICTURES}, wrote {LIBRARY}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package")
