"""Copy the people pictures from the `openmoji` npm package into static/easyread/avatars/.

    npm pack openmoji@17.0.0 && tar xzf openmoji-17.0.0.tgz
    python scripts/build_avatars.py package

Run again after changing AVATARS in peersurvey/people/avatars.py.
"""
import ast
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def avatar_hexcodes():
    # Read the table without importing the app (no Flask needed to run this script).
    source = (ROOT / "peersurvey/people/avatars.py").read_text()
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", "") == "AVATARS":
            return [(item.elts[0].value, item.elts[1].value) for item in node.value.elts]
    raise SystemExit("AVATARS not found")


def main(package_dir):
    source = Path(package_dir) / "color" / "svg"
    target = ROOT / "peersurvey/static/easyread/avatars"
    target.mkdir(parents=True, exist_ok=True)
    for key, hexcode in avatar_hexcodes():
        shutil.copyfile(source / f"{hexcode}.svg", target / f"{key}.svg")
    shutil.copyfile(Path(package_dir) / "LICENSE.txt", target / "LICENSE-OpenMoji.txt")
    print(f"copied {len(avatar_hexcodes())} pictures into {target}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package")
