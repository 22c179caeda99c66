"""Splitting a theme: when it cannot be done, the person keeps what they typed and ticked."""
from peersurvey.theme import themes

from ..pages import csrf_token, errors
from .test_codebook import tag
from .test_codebook_races import post_in_threads, signed_in_lead, someone_else_writing


def test_a_theme_merged_while_someone_splits_it_keeps_their_words_and_ticks(app, coding, make):
    project, answers = coding["project"], coding["answers"]
    going_out = make.theme(project, coding["lead"], {"en": "Going out"})
    money = make.theme(project, coding["lead"], {"en": "Money"})
    for answer_id in answers[:3]:
        tag(app, coding, answer_id, going_out)
    client = signed_in_lead(app, coding)
    url = f"/projects/{project}/themes/{going_out}/split"
    token = csrf_token(client.get(url).get_data(as_text=True))
    merged = ("update themes set merged_into = ? where id = ?", [money, going_out])
    with someone_else_writing(app, merged):
        threads, responses = post_in_threads([(client, url, {
            "csrf_token": token, "words_en": "Buses", "words_cy": "Bysiau", "answers": [answers[1], answers[2]]})])
    threads[0].join()
    response = responses[0]
    assert response.status_code == 400
    assert "Going out was merged into another theme while you were working. Your words are kept: go back to the themes and split the theme it went into." in errors(response)
    assert response.soup.select_one("#words_en")["value"] == "Buses"
    assert response.soup.select_one("#words_cy")["value"] == "Bysiau"
    ticked = {box["value"] for box in response.soup.select("input[name=answers][checked]")}
    assert ticked == {str(answers[1]), str(answers[2])}
    with app.app_context():
        assert [t["words"] for t in themes.active(project)] == [{"en": "Money"}], "no half-made theme"
