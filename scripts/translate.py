"""Fill Welsh translations from a JSON file of {"English msgid": "Welsh"} (or, for plurals,
{"English singular": ["form 0", "form 1", ...]}), and drop obsolete entries.

    python scripts/translate.py new-welsh.json

Then `make translations-compile`. Use `make translations-update` first to pick up new
messages; `python scripts/translate.py --missing` lists what still needs Welsh.
"""
import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "peersurvey/translations/cy/LC_MESSAGES/messages.po"


def key(message):
    return message.id if isinstance(message.id, str) else message.id[0]


def missing(catalogue):
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and (message.fuzzy or not all(s.strip() for s in strings)):
            yield message


def main(argv):
    with open(PO, "rb") as f:
        catalogue = read_po(f)
    if argv[:1] == ["--missing"]:
        print(json.dumps({key(m): "" for m in missing(catalogue)}, ensure_ascii=False, indent=1))
        return
    with open(argv[0], encoding="utf-8") as f:
        welsh = json.load(f)
    for message in catalogue:
        if message.id and key(message) in welsh:
            value = welsh[key(message)]
            message.string = tuple(value) if isinstance(value, list) else value
            message.flags.discard("fuzzy")
    catalogue.obsolete.clear()
    with open(PO, "wb") as f:
        write_po(f, catalogue, width=100)
    left = [key(m) for m in missing(catalogue)]
    print(f"{len(left)} messages still need Welsh" + (f": {left}" if left else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
