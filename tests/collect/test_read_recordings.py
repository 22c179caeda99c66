"""The lead hears each recorded answer on the interview's page, or is told it is still on
its way; the list says how many are on their way; leads and the project's coders may
listen, nobody else."""
from ..pages import text
from .conftest import answer, interview, post
from .recording_helpers import announce, put, sound


def base(field):
    return f"/projects/{field['project']}/interviews"


def sent_with_recordings(client, field):
    said, dream = sound(65.2), sound(0.4)       # 1 minute 5 seconds, and under a second
    said_rec, dream_rec = announce(said, seconds=65.2), announce(dream, part="cinema", seconds=0.4)
    item = interview(field, answers=[
        dict(answer("money_not_good", ""), recordings=[said_rec]),
        dict(answer("dreams", [{"option": "cinema", "text": "With my sister"}]), recordings=[dream_rec])],
        record_voice=True, language="en")
    assert post(client, field, [item]).json["results"][0]["result"] == "stored"
    return item, (said, said_rec), (dream, dream_rec)


def test_the_lead_hears_a_complete_recording_and_is_told_of_one_on_its_way(client, field, login):
    item, (said, said_rec), (_dream, dream_rec) = sent_with_recordings(client, field)
    assert put(client, field, said_rec["id"], 0, said[:1_000_000]).status_code == 200
    assert put(client, field, said_rec["id"], 1_000_000, said[1_000_000:]).json["complete"] is True
    login.as_lead(field["lead"])
    page = client.get(f"{base(field)}/{item['id']}")
    items = {li.select_one(".read-answer__asked").get_text(strip=True): li for li in page.soup.select(".read-answer")}
    money = items["What is not good about your money?"]
    player = money.select_one("audio")
    assert player.has_attr("controls") and player["preload"] == "metadata" and not player.has_attr("autoplay")
    assert "1 minute 5 seconds" in money.get_text() and "1 minute 5 seconds" in player["aria-label"]
    assert "No answer" not in money.get_text(), "a recording with no typed words is an answer"
    dreams = items["Look at the pictures. What would you like to do?"]
    assert not dreams.select("audio")
    chosen = dreams.select_one(".read-answer__chosen li")
    assert "The recording is on its way from the tablet" in chosen.get_text() and "1 second" in chosen.get_text()
    sound_back = client.get(player["src"])
    assert sound_back.status_code == 200 and sound_back.data == said and sound_back.mimetype == "audio/wav"
    # A person's voice is never kept in a shared computer's browser cache.
    assert sound_back.headers["Cache-Control"] == "no-store"
    ranged = client.get(player["src"], headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and ranged.data == said[:100], "players can seek"


def test_the_list_says_how_many_recordings_are_on_their_way(client, field, login):
    item, (said, said_rec), _dream = sent_with_recordings(client, field)
    login.as_lead(field["lead"])
    page = client.get(f"{base(field)}/list")
    assert "2 recordings are still on their way from the tablets." in text(page)
    assert "2 recordings on their way" in page.soup.select_one("table.interview-list tbody tr").get_text()
    put(client, field, said_rec["id"], 0, said[:1_000_000])
    put(client, field, said_rec["id"], 1_000_000, said[1_000_000:])
    page = client.get(f"{base(field)}/list")
    assert "1 recording is still on its way from the tablets." in text(page)
    assert "1 recording on its way" in page.soup.select_one("table.interview-list tbody tr").get_text()
    client.get("/language/cy")
    assert "Mae 1 recordiad yn dal ar ei ffordd o'r llechi." in text(client.get(f"{base(field)}/list"))


def test_a_welsh_page_says_the_length_in_welsh(client, field, login):
    item, (said, said_rec), _dream = sent_with_recordings(client, field)
    put(client, field, said_rec["id"], 0, said[:1_000_000])
    put(client, field, said_rec["id"], 1_000_000, said[1_000_000:])
    login.as_lead(field["lead"])
    client.get("/language/cy")
    words = text(client.get(f"{base(field)}/{item['id']}"))
    assert "1 munud 5 eiliad" in words and "Mae'r recordiad ar ei ffordd o'r llechen" in words


def test_coders_of_the_project_may_listen_in_an_open_session_and_nobody_else(client, field, login, make):
    _item, (said, said_rec), (_dream, dream_rec) = sent_with_recordings(client, field)
    put(client, field, said_rec["id"], 0, said[:1_000_000])
    put(client, field, said_rec["id"], 1_000_000, said[1_000_000:])
    url = f"/projects/{field['project']}/recordings/{said_rec['id']}"
    assert client.get(url).status_code == 302                         # nobody signed in
    login.as_tablet_person(field["tablet"], field["coder"])
    assert client.get(url).status_code == 404                         # no session goes through it
    from peersurvey.theme import sessions
    with make.app.test_request_context():
        session = sessions.start(field["project"], field["questionnaire"], field["lead"]["id"], "group",
                                 {"questions": ["money_not_good"], "heading": "", "site": "", "uncoded": False})
    assert client.get(url).data == said                               # in an open session: heard
    with make.app.test_request_context():
        sessions.end(sessions.get(field["project"], session))
    assert client.get(url).status_code == 404                         # the session is over
    assert client.get(f"/projects/{field['project']}/recordings/{dream_rec['id']}").status_code == 404  # on its way
    client.get("/tablet/signout")
    other = make.lead("Other")
    login.as_lead(other)
    assert client.get(url).status_code == 404
