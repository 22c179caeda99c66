"""A kind is named only in its own files and the two registries: every other part asks
the kind what it is (open, charted, with options...), so a new kind changes nothing else."""
import re
import subprocess
from pathlib import Path

from peersurvey.questions import QUESTION_KINDS

ROOT = Path(__file__).resolve().parents[2]
HOMES = ("peersurvey/questions/", "peersurvey/static/collect/kinds.js")
# The same word meaning something else: a picture library category.
ELSEWHERE = {("peersurvey/prepare/pictures.py", '("feelings", _l("Feelings")),')}


def code_files():
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard",
                             "peersurvey"],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout.split()
    return [name for name in listed if name.endswith((".py", ".js", ".html", ".css"))
            and not name.startswith(HOMES) and (ROOT / name).exists()]


def test_no_kind_is_named_outside_its_own_files():
    names = "|".join(re.escape(kind.NAME) for kind in QUESTION_KINDS)
    # As a string ("yes_no", 'yes_no') or a class (answer-grid--yes_no), not in prose.
    named = re.compile(rf"""["'](?:{names})["']|--(?:{names})\b""")
    found = [f"{name}:{number}: {line.strip()}"
             for name in code_files()
             for number, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1)
             if named.search(line) and (name, line.strip()) not in ELSEWHERE]
    assert found == [], "a kind is named outside its own files:\n" + "\n".join(found)
