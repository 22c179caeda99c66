"""A person chooses on the tablet how they are paid (money, vouchers or volunteering): only
ever their own choice, in the tablet's project; a bad choice gets plain words and a 400."""
import pytest

from peersurvey.pay import claims

from ..pages import text
from .docs_world import build


@pytest.fixture
def world(app, make):
    return build(app, make)


def test_a_person_chooses_vouchers_for_themselves_only(app, client, login, world):
    login.as_tablet_person(world["tablet"], world["ben"])
    page = client.get("/tablet/my-pay")
    assert "How do you want to be paid?" in text(page) and "Volunteer, no payment" in text(page)
    response = client.submit("/tablet/my-pay/choice", {"choice": "vouchers", "person_id": str(world["ada"]["id"]),
                                                       "project_id": "999"})
    assert response.status_code == 302
    assert "Saved. You chose vouchers." in text(client.get("/tablet/my-pay?month=2026-11"))
    with app.app_context():
        assert claims.choice(world["project"], world["ben"]["id"]) == "vouchers"
        assert claims.choice(world["project"], world["ada"]["id"]) == "money"
    assert "Vouchers: £15.00" in text(client.get("/tablet/my-pay?month=2026-11"))


@pytest.mark.parametrize("fields", [{"choice": "gold"}, {}, {"choice": ""}, {"choice": "x" * 5000}])
def test_a_bad_choice_gets_plain_words_and_changes_nothing(app, client, login, world, fields):
    login.as_tablet_person(world["tablet"], world["ben"])
    response = client.submit("/tablet/my-pay/choice", fields)
    assert response.status_code == 400 and "Choose how you want to be paid." in text(response)
    with app.app_context():
        assert claims.choice(world["project"], world["ben"]["id"]) == "money"


def test_the_lead_does_not_get_the_tablet_choice(client, login, world):
    login.as_lead(world["lead"])
    page = client.get(f"/projects/{world['project']}/pay/people/{world['ada']['id']}/statement?month=2026-11")
    assert "How do you want to be paid?" not in text(page)
