"""Patterns match whole values: `$` also matches before a final newline, so "ABCD\n" passed
a code check and was stored where nothing could find it again. Every pattern ends in \\Z."""
import re
from pathlib import Path

import pytest

from peersurvey.prepare import document as doc

PACKAGE = Path(__file__).resolve().parents[1] / "peersurvey"
PATTERN_ENDING_IN_DOLLAR = re.compile(r"""(?:re\.compile\(|Regexp\(|_PATTERN = )\s*r?f?["'][^"']*\$["']""")


def test_no_pattern_in_the_code_ends_in_a_dollar():
    found = [f"{path.relative_to(PACKAGE)}:{n}" for path in PACKAGE.rglob("*.py")
             for n, line in enumerate(path.read_text().splitlines(), 1) if PATTERN_ENDING_IN_DOLLAR.search(line)]
    assert not found, f"use \\Z instead of $ in: {found}"


@pytest.mark.parametrize("key", ["likes\n", "likes\r\n"])
def test_a_question_key_with_a_newline_is_refused(app, key):
    with app.test_request_context():
        document = doc.new_document({"en": "What matters", "cy": "Beth sy'n bwysig"})
        question = doc.new_question("yes_no", "likes")
        question["text"] = {"en": "Happy?", "cy": "Hapus?"}
        question["key"] = key
        document["questions"].append(question)
        doc.check(document.copy() | {"questions": [dict(question, key="likes")]})   # fine without the newline
        with pytest.raises(doc.DocumentError):
            doc.check(document)
