"""The codebook in the REFI-QDA exchange format (a .qdc file), which NVivo, ATLAS.ti, MAXQDA
and QualCoder read and write: out of a project, and into one.

A theme becomes a Code: its English words (else its Welsh) as the name, its colour, and a
Description holding both languages. Sub-themes are nested Codes. Every file read is
checked against the standard's own schema (Codebook.xsd, beside this module), and the
tests check every kind of file written against it too.

Reading a file someone uploads is done by hand with expat, so nothing in it can reach
out: a DOCTYPE (and so any entity, the XML bomb's fuse) is refused outright, and depth and
size are capped before the schema sees the tree.
"""
import colorsys
import functools
import pyexpat
import re
import unicodedata
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l

from ..db import get_db, writing
from ..theme import themes

NS = "urn:QDA-XML:codebook:1.0"
PROJECT_NS = "urn:QDA-XML:project:1.0"
ORIGIN = "peersurvey"
SCHEMA_FILE = Path(__file__).with_name("Codebook.xsd")
# GUIDs stay the same for the same theme, so a second export updates codes in another tool
# instead of adding them again.
GUID_NAMESPACE = uuid.UUID("6f0b7e0e-4c35-5d6a-9a8e-2f1d3c0b5e71")
WELSH = "Cymraeg: "

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_ELEMENTS = 20_000
WORDS_MAX = 40          # the theme form's limits (theme/forms.py), so what comes in can be saved again
DESCRIPTION_MAX = 300
# Invisible and control characters the theme form refuses (forms.plain_text): dropped here.
HIDDEN = ("Cc", "Cf", "Co", "Cn", "Cs", "Zl", "Zp")

NOT_A_CODEBOOK = _l("This file is not a codebook from NVivo, ATLAS.ti, MAXQDA or another REFI-QDA "
                    "tool. In that tool, export the codebook as a REFI-QDA codebook (a .qdc file) "
                    "and choose that file. Nothing was changed.")


class CodebookProblem(ValueError):
    """A file that cannot be brought in; the message says why in plain words."""


def _long_description(name):
    return CodebookProblem(_l(
        "The code ‘%(name)s’ has a description longer than 300 letters, and a theme’s description can be "
        "up to 300. Make it shorter in the tool you made the codebook in, export the codebook again and "
        "choose that file. Nothing was changed.", name=name))


@dataclass
class ImportOutcome:
    added: list = field(default_factory=list)     # (words, parent words or None)
    skipped: list = field(default_factory=list)   # (name, why)
    shortened: list = field(default_factory=list)  # (whole name, shorter words)


@functools.cache
def schema():
    import xmlschema
    return xmlschema.XMLSchema(str(SCHEMA_FILE))


# Writing --------------------------------------------------------------------------------

def guid(project_id, theme_id):
    # The standard's own examples write GUIDs in capitals.
    return str(uuid.uuid5(GUID_NAMESPACE, f"{project_id}:{theme_id}")).upper()


def description_text(theme):
    """English description, then a paragraph starting "Cymraeg: " with the Welsh words and
    description, so nothing in Welsh is lost in a tool that knows one language."""
    english = theme["description"].get("en", "")
    welsh_words, welsh = theme["words"].get("cy", ""), theme["description"].get("cy", "")
    parts = [english] if english else []
    if welsh_words or welsh:
        parts.append(WELSH + welsh_words + (f"\n{welsh}" if welsh else ""))
    return "\n\n".join(parts)


def export_codebook(project_id):
    """The project's themes in use as a REFI-QDA codebook (bytes, UTF-8), or None if there
    are none (the standard needs at least one code)."""
    active = themes.active(project_id)
    if not active:
        return None
    # Written with the namespace as a plain xmlns attribute: ElementTree cannot write a
    # default namespace on elements whose attributes have none, and tools expect no prefix.
    root = ET.Element("CodeBook", {"xmlns": NS, "origin": ORIGIN})
    codes = ET.SubElement(root, "Codes")
    elements = {}
    for theme in active:
        parent = elements.get(theme["parent_id"], codes)
        code = ET.SubElement(parent, "Code", {
            "guid": guid(project_id, theme["id"]),
            "name": theme["words"].get("en") or theme["words"].get("cy") or "",
            "isCodable": "true",
            "color": themes.COLOURS[theme["colour"]][0].upper(),
        })
        text = description_text(theme)
        if text:
            ET.SubElement(code, "Description").text = text
        elements[theme["id"]] = code
    # A Code's Description must come before its child Codes; themes.active lists parents
    # before children, so a description is always written first.
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# Reading --------------------------------------------------------------------------------

class _Unsafe(Exception):
    pass


def parse(raw):
    """The file's root element, checked against the schema; CodebookProblem if it is not a
    REFI-QDA codebook, in plain words."""
    if len(raw) > MAX_BYTES:
        raise CodebookProblem(_l("That file is too big for a codebook. A codebook file is under 2 MB. "
                                 "Check you chose the codebook (.qdc), not the whole project. Nothing was changed."))
    if not raw.strip():
        raise CodebookProblem(_l("That file is empty. Choose the codebook file (.qdc) again. Nothing was changed."))
    try:
        root = _safe_tree(raw)
    except (_Unsafe, pyexpat.ExpatError, ValueError):
        raise CodebookProblem(NOT_A_CODEBOOK)
    if root.tag == f"{{{PROJECT_NS}}}Project":
        raise CodebookProblem(_l("This is a whole REFI-QDA project, not a codebook. In your tool, export "
                                 "only the codebook (a .qdc file) and choose that. Nothing was changed."))
    if root.tag != f"{{{NS}}}CodeBook" or next(schema().iter_errors(root), None) is not None:
        raise CodebookProblem(NOT_A_CODEBOOK)
    return root


def _safe_tree(raw):
    builder = ET.TreeBuilder()
    parser = pyexpat.ParserCreate(namespace_separator="}")
    parser.buffer_text = True
    depth = [0, 0]   # now, elements so far

    def start(tag, attributes):
        depth[0] += 1
        depth[1] += 1
        if depth[0] > MAX_DEPTH or depth[1] > MAX_ELEMENTS:
            raise _Unsafe("too deep or too many elements")
        builder.start(_name(tag), {_name(k): v for k, v in attributes.items()})

    def end(tag):
        depth[0] -= 1
        builder.end(_name(tag))

    def refuse(*args):
        raise _Unsafe("a DOCTYPE or entity")

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = parser.ExternalEntityRefHandler = refuse
    parser.Parse(raw, True)
    return builder.close()


def _name(expat_name):
    return "{" + expat_name if "}" in expat_name else expat_name


def _children(element, name):
    return [child for child in element if child.tag == f"{{{NS}}}{name}"]


def _plain(text):
    """One line as the theme form keeps it: no invisible or control characters, NFC, single spaces."""
    visible = "".join(c for c in text if c.isspace() or unicodedata.category(c) not in HIDDEN)
    return " ".join(unicodedata.normalize("NFC", visible).split())


def _plain_lines(text):
    """A description cleaned like _plain, keeping its line breaks."""
    lines = [_plain(line) for line in text.replace("\r\n", "\n").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _read_code(element, origin):
    """(words, description) for one Code, as the codebook keeps them: {"en": …, "cy": …}."""
    name = _plain(element.get("name", ""))
    described = _children(element, "Description")
    text = (described[0].text or "").strip() if described else ""
    english, welsh = text, None
    if origin == ORIGIN:    # our own layout: the Welsh paragraph goes back where it came from
        if text.startswith(WELSH):
            english, welsh = "", text[len(WELSH):]
        elif "\n\n" + WELSH in text:
            english, welsh = text.rsplit("\n\n" + WELSH, 1)
    words, description = {"en": name}, {"en": _plain_lines(english)}
    if welsh is not None:
        welsh_words, _newline, welsh_text = welsh.partition("\n")
        words["cy"], description["cy"] = _shorter(_plain(welsh_words)), _plain_lines(welsh_text)
    return {k: v for k, v in words.items() if v}, {k: v for k, v in description.items() if v}


def _hsv(hex_colour):
    return colorsys.rgb_to_hsv(*(int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)))


def nearest_colour(color):
    """The codebook's named colour nearest to "#rrggbb" or "#rgb", or None. By hue first (our
    nine are all dark, so a light yellow should still come out orange, not grey), and grey
    for colours with hardly any colour in them."""
    value = (color or "").lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    if not re.fullmatch(r"[0-9a-fA-F]{6}", value):
        return None
    hue, saturation, brightness = _hsv("#" + value)
    if saturation < 0.2 or brightness < 0.15:
        return "grey"

    def distance(name):
        other_hue, other_saturation, other_brightness = _hsv(themes.COLOURS[name][0])
        turn = abs(hue - other_hue)
        return 4 * min(turn, 1 - turn) + abs(saturation - other_saturation) + abs(brightness - other_brightness) / 2
    return min((name for name in themes.COLOURS if name != "grey"), key=distance)


def _shorter(name):
    if len(name) <= WORDS_MAX:
        return name
    cut = name[:WORDS_MAX - 1].rsplit(" ", 1)[0] if " " in name[:WORDS_MAX - 1] else name[:WORDS_MAX - 1]
    return cut.rstrip(" ,;:-") + "…"


def import_codebook(project_id, person_id, raw):
    """Add every code in the file as a theme (one level of sub-themes; deeper codes go under
    their top-level ancestor), skipping names the codebook already has. All or nothing."""
    root = parse(raw)
    origin = root.get("origin", "")
    outcome = ImportOutcome()
    codes = _children(_children(root, "Codes")[0], "Code")
    db = get_db()
    # The codebook is read in the write: two imports of one file at once add each theme once.
    with writing(db):
        known = {}
        for theme in themes.active(project_id):
            for words in theme["words"].values():
                if words:
                    known.setdefault(words.casefold(), theme)
        try:
            for code in codes:
                _bring_in(project_id, person_id, code, None, origin, known, outcome)
        except themes.ThemeProblem as problem:     # all or nothing: writing() takes back what was added
            raise CodebookProblem(str(problem)) from None
    return outcome


def _bring_in(project_id, person_id, code, parent, origin, known, outcome):
    """Add one code under `parent` (a top-level theme, or None), then its children."""
    words, description = _read_code(code, origin)
    name = words.get("en", "")
    # A long name was shortened when it came in before, so look for the short form too.
    match = next((known[w.casefold()] for w in (name, _shorter(name), words.get("cy", "")) if w and w.casefold() in known),
                 None)
    top = parent
    if not name:
        outcome.skipped.append(("", "no_name"))
    elif match:
        outcome.skipped.append((name, "exists"))
        top = parent or match["parent_id"] or match["id"]
    else:
        if any(len(value) > DESCRIPTION_MAX for value in description.values()):
            raise _long_description(_shorter(name))     # all or nothing: writing() takes back what was added
        short = _shorter(name)
        if short != name:
            outcome.shortened.append((name, short))
            kept = "\n\n".join(p for p in (name, description.get("en")) if p)
            if len(kept) <= DESCRIPTION_MAX:      # else the name is too long to keep whole anywhere
                description = {**description, "en": kept}
        theme_id = themes.add(project_id, person_id, {**words, "en": short}, description,
                              colour=nearest_colour(code.get("color")), parent_id=parent)
        theme = {"id": theme_id, "parent_id": parent}
        for value in (name, short, words.get("cy", "")):
            if value:
                known.setdefault(value.casefold(), theme)
        outcome.added.append((short, _words_of(project_id, parent)))
        top = parent or theme_id
    for child in _children(code, "Code"):
        _bring_in(project_id, person_id, child, top, origin, known, outcome)


def _words_of(project_id, theme_id):
    if theme_id is None:
        return None
    theme = themes.get(project_id, theme_id)
    return theme["words"].get("en") or theme["words"].get("cy")
