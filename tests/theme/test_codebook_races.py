"""Two people changing the codebook at the same moment: the second change is checked
against what the first one did, so nothing is put away twice or lost. Raced as races: real
requests released together by a barrier, against the real server process."""
import html

import pytest

from peersurvey.db import connect
from peersurvey.people import queries

from ..browser.conftest import LiveServer
from ..together import Visitor, at_once
from .conftest import build_coding_world

ROUNDS = 6      # pairs raced side by side in one release


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = LiveServer(tmp_path_factory.mktemp("codebook-races"))
    yield server
    server.stop()


def coded_answers(database, theme_id):
    db = connect(database)
    try:
        return {row[0] for row in db.execute("select answer_id from codings where theme_id = ?", [theme_id])}
    finally:
        db.close()


def active(database, theme_ids):
    db = connect(database)
    try:
        return [row[0] for row in db.execute(
            "select id from themes where merged_into is null and id in (select value from json_each(?))",
            [str(list(theme_ids))])]
    finally:
        db.close()


def test_two_people_merging_two_themes_into_each_other_at_once_keep_one(server):
    make = server.make
    coding = build_coding_world(make, "Merging")
    project, lead, answers = coding["project"], coding["lead"], coding["answers"]
    other = make.lead("Olwen")
    with make.app.app_context():
        queries.set_roles(project, other["id"], ["lead"])
    pairs = []
    for n in range(ROUNDS):
        cash = make.theme(project, lead, {"en": f"Cash {n}"})
        money = make.theme(project, lead, {"en": f"Money {n}"})
        db = connect(server.database)
        for answer, theme in ((answers[0], cash), (answers[1], money)):
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T10:00:00+00:00', ?)""",
                       [project, answer, theme, lead["id"]])
        db.conn.commit()
        db.close()
        pairs.append((cash, money))
    people = [Visitor(server.port).sign_in(lead["email"], lead["password"]),
              Visitor(server.port).sign_in(other["email"], other["password"])]
    calls = []
    for cash, money in pairs:
        for person, (gone, kept) in zip(people, ((cash, money), (money, cash))):
            url = f"/projects/{project}/themes/{gone}/merge"
            form = person.form(url)          # both have the merge page open
            calls.append(lambda person=person, url=url, form=form, kept=kept: person.post(url, form, into=str(kept)))
    results = at_once(calls)
    assert not [r for r in results if isinstance(r, Exception)]
    for n, (cash, money) in enumerate(pairs):
        pair = results[2 * n:2 * n + 2]
        assert sorted(r[0] for r in pair) == [302, 400], [r[0] for r in pair]
        refused = next(r for r in pair if r[0] == 400)
        assert "That theme is not in this project's codebook any more. Choose one from the list." \
            in html.unescape(refused[2])
        [left] = active(server.database, (cash, money))
        assert coded_answers(server.database, left) == set(answers[:2]), "one theme is kept, with both answers"


def test_splitting_a_theme_while_someone_merges_it_never_leaves_a_half_made_theme(server):
    make = server.make
    coding = build_coding_world(make, "Splitting")
    project, lead, answers = coding["project"], coding["lead"], coding["answers"]
    other = make.lead("Osian")
    with make.app.app_context():
        queries.set_roles(project, other["id"], ["lead"])
    splitter = Visitor(server.port).sign_in(lead["email"], lead["password"])
    merger = Visitor(server.port).sign_in(other["email"], other["password"])
    rounds, calls = [], []
    for n in range(ROUNDS):
        going_out = make.theme(project, lead, {"en": f"Going out {n}"})
        kept = make.theme(project, lead, {"en": f"Kept {n}"})
        db = connect(server.database)
        for answer in answers[:3]:
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T10:00:00+00:00', ?)""",
                       [project, answer, going_out, lead["id"]])
        db.conn.commit()
        db.close()
        split, merge = (f"/projects/{project}/themes/{going_out}/{page}" for page in ("split", "merge"))
        split_form, merge_form = splitter.form(split), merger.form(merge)
        calls += [lambda split=split, form=split_form, n=n: splitter.post(
                      split, form, words_en=f"Buses {n}", words_cy=f"Bysiau {n}", answers=list(answers[1:3])),
                  lambda merge=merge, form=merge_form, kept=kept: merger.post(merge, form, into=str(kept))]
        rounds.append((going_out, kept))
    results = at_once(calls)
    assert not [r for r in results if isinstance(r, Exception)]
    db = connect(server.database)
    try:
        for n, (going_out, kept) in enumerate(rounds):
            split, merge = results[2 * n:2 * n + 2]
            assert merge[0] == 302, "the merge is made either way"
            made = [row[0] for row in db.execute("select id from themes where project_id = ? and words like ?",
                                                 [project, f'%"Buses {n}"%'])]
            if split[0] == 302:       # split first, then merged: the new theme keeps its answers
                [new] = made
                assert coded_answers(server.database, new) == set(answers[1:3])
                assert coded_answers(server.database, kept) == {answers[0]}
            else:                     # merged first: refused plainly, nothing half made
                assert split[0] in (400, 404), split[0]
                assert made == [], "no half-made theme"
                assert coded_answers(server.database, kept) == set(answers[:3])
                if split[0] == 400:
                    assert f'value="Buses {n}"' in split[2], "the words typed are kept"
    finally:
        db.close()
