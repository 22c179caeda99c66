"""Build peersurvey/prepare/common_words_en.txt: the most common English words, for the
easy-read check (peersurvey/prepare/easyread_english.py).

Run once by a developer, and again only to change N:
    .venv/bin/pip install wordfreq && .venv/bin/python scripts/build_common_words.py

wordfreq is not a dependency of the app: it brings tens of megabytes of data and several
packages, too much for a charity's slow laptop. The app reads the small text file this
writes (one word a line, most common first), so a word a lead types is looked up in a set.
"""
import re
import sys
from pathlib import Path

from wordfreq import top_n_list

N = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
OUT = Path(__file__).resolve().parent.parent / "peersurvey/prepare/common_words_en.txt"
LETTERS = re.compile(r"^[a-z]+(?:['’-][a-z]+)*$")


def main():
    words = [w for w in top_n_list("en", N) if LETTERS.match(w)]
    OUT.write_text("\n".join(words) + "\n", encoding="utf-8")
    print(f"{len(words)} words written to {OUT}")


if __name__ == "__main__":
    main()
