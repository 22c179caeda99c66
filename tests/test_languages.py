"""English and Welsh: the browser's language first, then the person's choice, kept across
pages; every message translated."""
import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "peersurvey/translations/cy/LC_MESSAGES/messages.po"


def test_a_first_visit_follows_the_browsers_language(client):
    page = client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9,en;q=0.5"})
    assert page.soup.html["lang"] == "cy"
    assert page.soup.h1.get_text() == "Croeso i peersurvey"
    assert client.get("/", headers={"Accept-Language": "fr, de"}).soup.html["lang"] == "en"


def test_the_language_switch_is_kept_across_pages(client):
    page = client.get("/signin")
    switch = page.soup.select_one(".language-switch a[lang=cy]")
    assert switch.get_text() == "Cymraeg"
    response = client.get(switch["href"])
    assert response.headers["Location"] == "/signin"
    for url in ("/signin", "/", "/tablet/setup", "/pictures"):
        assert client.get(url, headers={"Accept-Language": "en"}).soup.html["lang"] == "cy"
    client.get("/language/en?next=/")
    assert client.get("/").soup.html["lang"] == "en"


def test_the_switch_never_sends_people_off_the_site(client):
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.get("/language/cy", query_string={"next": target})
        assert response.headers["Location"] == "/"


def test_an_unknown_language_changes_nothing(client):
    client.get("/language/xx?next=/")
    assert client.get("/").soup.html["lang"] == "en"


def test_error_messages_are_welsh_in_welsh(client, make):
    client.get("/language/cy")
    response = client.submit("/signin", {"email": "", "password": ""})
    assert response.soup.html["lang"] == "cy"
    assert "Teipiwch" in " ".join(e.get_text() for e in response.soup.select(".field__error"))


def test_every_message_in_the_code_has_a_welsh_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "-q", "extract",
                    "-F", "babel.cfg", "-k", "_l", "-o", str(pot), "."],
                   cwd=ROOT, check=True)
    with open(pot, "rb") as f:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(f) if m.id}
    with open(CATALOGUE, "rb") as f:
        welsh = {(m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(f) if m.id}
    missing = sorted(wanted - set(welsh))
    assert not missing, f"not in the Welsh catalogue (run make translations-update): {missing}"
    untranslated = sorted(i for i in wanted if not _translated(welsh[i]))
    assert not untranslated, f"no Welsh yet: {untranslated}"
    fuzzy = sorted(i for i in wanted if welsh[i].fuzzy)
    assert not fuzzy, f"marked fuzzy, check and clear: {fuzzy}"


def test_welsh_translations_keep_every_placeholder():
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f)
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        expected = set(placeholder.findall(ids[-1]))
        for form, string in enumerate(strings):
            found = set(placeholder.findall(string))
            if isinstance(message.id, tuple) and form == 0:
                # Welsh's zero form says "none" ("Does dim cyfweliadau…") instead of a number,
                # and may leave out what there is none of; it never adds a placeholder.
                assert found <= expected, (ids[0], string)
            else:
                assert found == expected, (ids[0], string)


def _translated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(s.strip() for s in strings)


def test_switching_language_after_sending_a_form_goes_back_to_the_form_not_an_error(client, make, login):
    lead = make.lead()
    project = make.project(lead)
    login.as_lead(lead)
    form_page = f"/projects/{project}/interviews/"
    response = client.submit(f"{form_page}withdraw", {"code": "<x>"}, page=form_page,
                             headers={"Referer": f"http://localhost{form_page}"})
    assert response.status_code == 400          # the form comes back with its message
    switch = response.soup.select_one(".language-switch a[lang=cy]")["href"]
    landing = client.get(switch).headers["Location"]
    assert landing == form_page and client.get(landing).status_code == 200


# Welsh a careful reader would correct: each pattern, anywhere in the catalogue.
WRONG_WELSH = {
    r"ei hanfon i chi": "“for you” is “drosoch chi”; “i chi” means “to you”",
    r"\b(heb|gan y llechen) rhyngrwyd": "“rhyngrwyd” mutates after “heb” and as the object after “bod gan”",
    r"[Tt]udalen caniatâd": "“tudalen” is feminine: “tudalen ganiatâd”",
    r"o weithiau": "count times as “%(num)d gwaith” / “2 waith”",
    r"a gododd fwyaf": "a theme that came up most often came up “amlaf”",
    r"hawdd ei ddarllen": "the catalogue says “hawdd ei ddeall” for easy read",
    r"gweithiwr cefnogi": "a support worker is a “gweithiwr cymorth”",
    r"Cydweithio er Newid": "Working Together for Change is “Gweithio Gyda'n Gilydd dros Newid”",
    r"\by codwyd\b|\by soniwyd\b|\bmwyach\b": "literary forms in a colloquial interface",
    r"\byn lle\.$|\byn lle$": "“yn lle” needs an object: “yn ei le”, “yn lle hynny”",
    r"am iddyn nhw ofyn": "one participant is not “nhw”",
    r"thema[^.]*\bei uno\b": "“thema” is feminine: “ei huno”",
}


def test_the_welsh_catalogue_has_none_of_the_faults_a_careful_reader_found():
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f)
    found = []
    for message in catalogue:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            found += [(string, why) for pattern, why in WRONG_WELSH.items() if re.search(pattern, string)]
    assert not found, found


def test_confirm_buttons_in_welsh_say_the_action_not_a_bare_yes_or_no():
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f)
    for message in catalogue:
        if isinstance(message.id, str) and re.match(r"(Yes|No), ", message.id):
            assert not re.match(r"(Ie|Na),", message.string), (message.id, message.string)


def test_welsh_quotes_a_button_in_the_buttons_own_words():
    """“You can say ‘I don't know’” must quote the Welsh button exactly as it is on screen."""
    with open(CATALOGUE, "rb") as f:
        catalogue = read_po(f)
    welsh = {m.id: m.string for m in catalogue if isinstance(m.id, str) and m.id}
    wrong = []
    for english, text in welsh.items():
        for quoted in re.findall(r"‘([^’]+)’", english):
            if quoted in welsh and f"‘{welsh[quoted]}’" not in text:
                wrong.append((english, welsh[quoted]))
    assert not wrong, wrong


def test_a_page_translates_in_the_language_it_is_in_at_that_moment(app):
    """Pages translate through catalogues kept by language (i18n.translations): a part drawn
    in the other language (force_locale, as cards and project files do) gets that language's
    words, plurals included, and the page's own language after it."""
    from flask import render_template_string
    from flask_babel import force_locale, gettext
    page = ("{{ _('Next') }}|{{ ngettext('%(num)d recording is still to send.', "
            "'%(num)d recordings are still to send.', 2) }}|{{ current_language() }}")
    with app.test_request_context("/", headers={"Accept-Language": "cy"}):
        assert render_template_string(page) == "Nesaf|Mae 2 recordiad eto i'w hanfon.|cy"
        with force_locale("en"):
            assert render_template_string(page) == "Next|2 recordings are still to send.|en"
            assert gettext("Next") == "Next"
        assert render_template_string(page) == "Nesaf|Mae 2 recordiad eto i'w hanfon.|cy"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert render_template_string(page) == "Next|2 recordings are still to send.|en"
