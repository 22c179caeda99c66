"""The demo comes with the Better Lives themes, answers sorted into them, two coders'
own coding to compare, and quotes, so every coding page has something to show."""
import json
import os
from pathlib import Path

from ..pages import text


def test_the_demo_has_themes_codings_an_agreement_and_quotes(runner, app, client, login):
    assert runner.invoke(args=["demo"]).exit_code == 0
    logins = json.loads(Path(os.path.join(app.instance_path, "demo-logins.json")).read_text())
    login.as_lead(logins["lead"])
    project = logins["project"]["id"]
    codebook = client.get(f"/projects/{project}/themes/")
    names = [t.get_text(strip=True) for t in codebook.soup.select(".theme-card__words")]
    assert names == ["My choices", "My money", "A paid job", "Going out with friends", "Time on my own"]
    counts = [int(c.get_text().split()[0]) for c in codebook.soup.select(".theme-card__count")]
    assert all(n > 0 for n in counts)
    agreement = text(client.get(f"/projects/{project}/coding/agreement/"))
    assert "You agreed on" in agreement and "Cohen's kappa" in agreement
    with app.app_context():
        from peersurvey.db import get_db
        shared = get_db().execute("""select count(*) from quotes q join answers a on a.id = q.answer_id
                                     join interviews i on i.id = a.interview_id where i.share_words = 1""").fetchone()[0]
        assert shared == get_db().execute("select count(*) from quotes").fetchone()[0] > 0


def test_a_demo_made_before_coding_gets_its_themes_on_the_next_run(runner, app):
    assert runner.invoke(args=["demo"]).exit_code == 0
    with app.app_context():
        from peersurvey.db import get_db
        db = get_db()
        # As a demo from before group coding: no themes, no codings, no quotes.
        for table in ("quotes", "codings", "coding_log", "theme_history", "themes"):
            db.execute(f"delete from {table}")
        db.conn.commit()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0      # and only once
    with app.app_context():
        from peersurvey.db import get_db
        db = get_db()
        assert db.execute("select count(*) from themes").fetchone()[0] == 5
        assert db.execute("select count(*) from codings where owner = 0").fetchone()[0] > 0
