"""The codebook in the REFI-QDA format (.qdc): out to NVivo, ATLAS.ti and MAXQDA, valid
against the standard's own schema, and back in from them. Hostile files get a plain
answer and change nothing."""
import io
import json
import uuid
import xml.etree.ElementTree as ET

import pytest
import xmlschema

from peersurvey.db import connect
from peersurvey.findings import refiqda
from peersurvey.theme import themes

from ..pages import errors, text
from .test_exports import base, build_rich_project

NS = {"q": "urn:QDA-XML:codebook:1.0"}

# As ATLAS.ti 23 writes a codebook: code groups as parents, lower-case GUIDs, a colour
# in short form, a description with a line break, and a third level of nesting.
ATLAS_TI = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="ATLAS.ti 23.2.1">
  <Codes>
    <Code guid="0f3a1c52-6b7d-4e8f-9a10-2b3c4d5e6f70" name="Support" isCodable="true" color="#0000ff">
      <Description>Help from staff,
family and friends.</Description>
      <Code guid="1a2b3c4d-5e6f-4a8b-9c0d-1e2f3a4b5c6d" name="Support workers" isCodable="true" color="#f00">
        <Code guid="2b3c4d5e-6f70-4b9c-8d1e-2f3a4b5c6d7e" name="Changes of staff" isCodable="true"/>
      </Code>
    </Code>
    <Code guid="{3C4D5E6F-7081-4CAD-9E2F-3A4B5C6D7E8F}" name="money" isCodable="false" color="#22AA44">
      <Code guid="4d5e6f70-8192-4dbe-af30-4b5c6d7e8f90" name="Bus fares" isCodable="true"/>
    </Code>
    <Code guid="5e6f7081-92a3-4ecf-b041-5c6d7e8f90a1" name="Having a paid job that is worth doing and pays enough" isCodable="true" color="#FFCC00"/>
  </Codes>
  <Sets>
    <Set guid="6f708192-a3b4-4fd0-8152-6d7e8f90a1b2" name="Important">
      <MemberCode guid="5e6f7081-92a3-4ecf-b041-5c6d7e8f90a1"/>
    </Set>
  </Sets>
</CodeBook>
"""


def schema():
    return xmlschema.XMLSchema(str(refiqda.SCHEMA_FILE))


def bring_in(client, project, data, name="codebook.qdc"):
    return client.submit(f"/projects/{project}/exports/codebook", {"codebook": (io.BytesIO(data), name)},
                         page=f"/projects/{project}/exports/")


def download(client, world):
    response = client.get(base(world) + "/codebook.qdc")
    assert response.status_code == 200 and response.headers["Content-Disposition"].endswith('codebook.qdc"')
    body = response.data
    response.close()
    return body


def codebook(app, project):
    db = connect(app.config["DATABASE"])
    try:
        return [dict(row, words=json.loads(row["words"]), description=json.loads(row["description"])) for row in db.query(
            "select id, parent_id, words, description, colour, merged_into from themes where project_id = ? "
            "order by id", [project])]
    finally:
        db.close()


def test_the_schema_is_the_standards_own():
    loaded = schema()
    assert loaded.target_namespace == "urn:QDA-XML:codebook:1.0"
    assert set(loaded.types) >= {"CodeBookType", "CodeType", "GUIDType", "RGBType", "SetType"}
    assert loaded.is_valid(ATLAS_TI)
    assert not loaded.is_valid(ATLAS_TI.replace('isCodable="true" color="#0000ff"', 'color="#0000ff"')), \
        "isCodable is required"
    assert not loaded.is_valid(ATLAS_TI.replace("#0000ff", "blue")), "colours are #rgb or #rrggbb"
    assert "\u2010" not in refiqda.SCHEMA_FILE.read_text(encoding="utf-8")


def test_the_codebook_export_is_valid_refi_qda_with_sub_themes_nested(client, app, make, login):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    body = download(client, world)
    schema().validate(body.decode("utf-8"))
    root = ET.fromstring(body)
    assert root.get("origin") == "peersurvey"
    tops = root.findall("q:Codes/q:Code", NS)
    assert [c.get("name") for c in tops] == ["Money", "Friends"], "in use only: the merged theme is not there"
    friends = tops[1]
    assert [c.get("name") for c in friends.findall("q:Code", NS)] == ["The bus"]
    money = tops[0]
    assert money.get("color") == "#1B7A3A" and money.get("isCodable") == "true"
    assert money.get("guid") == money.get("guid").upper() and uuid.UUID(money.get("guid"))
    assert money.find("q:Description", NS).text == "Having enough to live on.\n\nCymraeg: Arian\nDigon i fyw arno."
    assert download(client, world) == body, "the same themes give the same GUIDs, so other tools update, not add"


def test_every_theme_shape_exports_valid(app, make):
    """Themes with only Welsh words, no description, and words that need escaping."""
    lead = make.lead()
    project = make.project(lead)
    with app.test_request_context():
        top = themes.add(project, lead["id"], {"cy": "Teulu"})
        themes.add(project, lead["id"], {"en": "<Tea> & \"biscuits\"", "cy": "Te"}, {"cy": "Amser te."}, parent_id=top)
        body = refiqda.export_codebook(project)
    schema().validate(body.decode("utf-8"))
    code = ET.fromstring(body).find("q:Codes/q:Code", NS)
    assert code.get("name") == "Teulu"
    assert code.find("q:Code", NS).get("name") == "<Tea> & \"biscuits\""


def test_an_atlas_ti_codebook_comes_in_as_themes_and_sub_themes(client, app, lead_project):
    with app.test_request_context():
        themes.add(lead_project["id"], lead_project["lead"]["id"], {"en": "Money"})
    response = bring_in(client, lead_project["id"], ATLAS_TI.encode())
    assert response.status_code == 200
    words = text(response)
    assert "The codebook was brought in" in words
    assert "money: your codebook already has a theme with this name." in words
    assert "Support workers, under Support" in words
    made = {theme["words"]["en"]: theme for theme in codebook(app, lead_project["id"])}
    assert set(made) == {"Money", "Support", "Support workers", "Changes of staff", "Bus fares",
                         "Having a paid job that is worth doing…"}
    support = made["Support"]
    assert made["Support workers"]["parent_id"] == support["id"]
    assert made["Changes of staff"]["parent_id"] == support["id"], "deeper codes go under their top-level theme"
    assert made["Bus fares"]["parent_id"] == made["Money"]["id"], "children of a skipped code go under the theme it matched"
    assert support["colour"] == "blue" and made["Support workers"]["colour"] == "red"
    assert support["description"] == {"en": "Help from staff,\nfamily and friends."}
    job = made["Having a paid job that is worth doing…"]
    assert job["description"] == {"en": "Having a paid job that is worth doing and pays enough"}, "the whole name is kept"
    assert "is too long for a theme card" in words
    with app.test_request_context():
        history = themes.history(support["id"])
    assert history[0]["action"] == "create"


def test_bringing_a_codebook_in_is_in_the_history_and_a_refused_one_is_not(client, lead_project):
    project = lead_project["id"]
    bring_in(client, project, ATLAS_TI.encode(), name="Our codes.qdc")
    bring_in(client, project, HOSTILE["not XML"], name="notes.qdc")
    history = text(client.get(f"/projects/{project}/history"))
    assert history.count("Brought in themes from the codebook file Our codes.qdc.") == 1
    assert "notes.qdc" not in history


def test_bringing_the_same_codebook_in_twice_adds_nothing_the_second_time(client, app, lead_project):
    bring_in(client, lead_project["id"], ATLAS_TI.encode())
    before = codebook(app, lead_project["id"])
    words = text(bring_in(client, lead_project["id"], ATLAS_TI.encode()))
    assert "No themes were added." in words
    assert codebook(app, lead_project["id"]) == before


def test_a_peersurvey_codebook_moves_to_another_project_with_both_languages(client, app, make, login):
    world = build_rich_project(make)
    login.as_lead(world["lead"])
    body = download(client, world)
    other = make.project(world["lead"], "Another group")
    bring_in(client, other, body)
    with app.test_request_context():
        original = [(t["words"], t["description"], t["colour"], t["parent_id"] is None) for t in themes.active(world["project"])]
        copy = [(t["words"], t["description"], t["colour"], t["parent_id"] is None) for t in themes.active(other)]
    assert copy == original


HOSTILE = {
    "not XML": b"Code,Name\n1,Money\n",
    "a zip": b"PK\x03\x04" + b"\x00" * 100,
    "empty": b"   ",
    "XML bomb": b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0f3a1c52-6b7d-4e8f-9a10-2b3c4d5e6f70" name="&lol3;" isCodable="true"/></Codes></CodeBook>""",
    "external entity": b"""<?xml version="1.0"?>
<!DOCTYPE c [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes><Code guid="0f3a1c52-6b7d-4e8f-9a10-2b3c4d5e6f70" name="&secret;" isCodable="true"/></Codes></CodeBook>""",
    "wrong namespace": ATLAS_TI.replace("urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0").encode(),
    "no namespace": ATLAS_TI.replace(' xmlns="urn:QDA-XML:codebook:1.0"', "").encode(),
    "breaks the schema": ATLAS_TI.replace(' isCodable="true" color="#0000ff"', "").encode(),
    "bad GUID": ATLAS_TI.replace("0f3a1c52-6b7d-4e8f-9a10-2b3c4d5e6f70", "not-a-guid").encode(),
    "too deep": (b'<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
                 + b'<Code guid="0f3a1c52-6b7d-4e8f-9a10-2b3c4d5e6f70" name="x" isCodable="true">' * 5000
                 + b"</Code>" * 5000 + b"</Codes></CodeBook>"),
    "cut short": ATLAS_TI.encode()[:300],
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_file_that_is_not_a_codebook_gets_a_plain_answer_and_changes_nothing(client, app, lead_project, name):
    before = codebook(app, lead_project["id"])
    response = bring_in(client, lead_project["id"], HOSTILE[name])
    assert response.status_code == 400
    problem = " ".join(errors(response))
    assert "Nothing was changed." in problem
    assert "root" not in problem and "Traceback" not in response.get_data(as_text=True)
    assert codebook(app, lead_project["id"]) == before


def test_a_codebook_saved_in_another_encoding_is_read_right(client, app, lead_project):
    windows = ATLAS_TI.replace("utf-8", "windows-1252").replace("Support", "Cymorth \u2013 café").encode("cp1252")
    assert bring_in(client, lead_project["id"], windows).status_code == 200
    assert "Cymorth – café" in {t["words"]["en"] for t in codebook(app, lead_project["id"])}


def test_a_whole_refi_qda_project_is_told_apart_from_a_codebook(client, app, lead_project):
    project_file = b'<Project xmlns="urn:QDA-XML:project:1.0" name="Study"/>'
    response = bring_in(client, lead_project["id"], project_file)
    assert "This is a whole REFI-QDA project, not a codebook." in " ".join(errors(response))


def test_a_huge_file_is_refused_before_it_is_read(client, app, lead_project):
    huge = ATLAS_TI.encode().replace(b"<Codes>", b"<Codes>" + b"<!--" + b"x" * (2 * 1024 * 1024) + b"-->")
    response = bring_in(client, lead_project["id"], huge)
    assert response.status_code == 400
    assert "That file is too big for a codebook." in " ".join(errors(response))
    assert codebook(app, lead_project["id"]) == []


def test_choosing_no_file_says_so(client, lead_project):
    response = client.submit(f"/projects/{lead_project['id']}/exports/codebook", {},
                             page=f"/projects/{lead_project['id']}/exports/")
    assert response.status_code == 400
    assert errors(response) == ["Choose the codebook file (.qdc) to bring in."]


@pytest.mark.parametrize("color, name", [
    ("#1f5fbf", "blue"), ("#0000FF", "blue"), ("#87CEEB", "blue"), ("#f00", "red"), ("#A52A2A", "red"),
    ("#00FF00", "green"), ("#22AA44", "green"), ("#FFCC00", "orange"), ("#FFFF00", "orange"), ("#FFA500", "orange"),
    ("#8B4513", "brown"), ("#FF69B4", "pink"), ("#FF00FF", "pink"), ("#00FFFF", "teal"), ("#008080", "teal"),
    ("#9370DB", "purple"), ("#4B0082", "purple"), ("#808080", "grey"), ("#FFFFFF", "grey"), ("#000000", "grey"),
    *[(hex_colour, name) for name, (hex_colour, _words) in themes.COLOURS.items()],
    (None, None), ("#12345", None)])
def test_colours_come_to_the_nearest_named_colour(color, name):
    assert refiqda.nearest_colour(color) == name


def form_as_shown(page):
    """Every field of the page's main form as the browser would send it, unchanged."""
    form = page.soup.find("form", attrs={"method": "post"})
    data = {}
    for field in form.find_all(["input", "textarea", "select"]):
        name = field.get("name")
        if not name or name == "csrf_token" or field.get("type") == "submit":
            continue
        if field.name == "textarea":
            data[name] = field.get_text().removeprefix("\n")
        elif field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen.get("value", "") if chosen else ""
        elif field.get("type") in ("radio", "checkbox"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "")
        else:
            data[name] = field.get("value", "")
    return data


def a_codebook(*codes):
    """A codebook with one top-level code per (name, description)."""
    body = "".join(
        f'<Code guid="{uuid.uuid4()}" name="{name}" isCodable="true"><Description>{description}</Description></Code>'
        for name, description in codes)
    return f'<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="NVivo 14"><Codes>{body}</Codes></CodeBook>'.encode()


def test_hidden_characters_are_taken_out_so_a_theme_brought_in_can_be_saved_as_it_is(client, app, lead_project):
    project = lead_project["id"]
    hidden = "Fri\u200bends\u202e &#9; of\u2028 the\u00a0family \u2066here\u2069 cafe\u0301"
    response = bring_in(client, project, a_codebook(
        (hidden, "Who people\u200d see.\r\nAnd \u202ewhy\x7f."),
        ("Long words " + "and more " * 600, "Short.")))
    assert response.status_code == 200
    made = {t["words"]["en"]: t for t in codebook(app, project)}
    assert set(made) == {"Friends of the family here café", "Long words and more and more and more…"}
    friends = made["Friends of the family here café"]
    assert friends["description"] == {"en": "Who people see.\nAnd why."}
    assert made["Long words and more and more and more…"]["description"] == {"en": "Short."}, \
        "a name too long for a description is not kept whole"
    for theme in made.values():
        edit = f"/projects/{project}/themes/{theme['id']}/edit"
        saved = client.submit(edit, form_as_shown(client.get(edit)))
        assert saved.status_code == 302, errors(saved)


def test_a_description_longer_than_a_theme_can_hold_is_refused_naming_the_code(client, app, lead_project):
    project = lead_project["id"]
    response = bring_in(client, project, a_codebook(
        ("Money", "Enough to live on."), ("Housing", "A" * 5000), ("Work", "Jobs.")))
    assert response.status_code == 400
    assert errors(response) == [
        "The code ‘Housing’ has a description longer than 300 letters, and a theme’s description can be up to "
        "300. Make it shorter in the tool you made the codebook in, export the codebook again and choose that "
        "file. Nothing was changed."]
    assert codebook(app, project) == [], "nothing half brought in"
    assert bring_in(client, project, a_codebook(("Housing", "A" * 300))).status_code == 200
