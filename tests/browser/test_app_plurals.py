"""The tablet app counts in Welsh as the catalogue does: Intl.PluralRules picks one of six
forms (zero, one, two, few, many, other) sent from the server, so "2 gyfweliad",
"3 chyfweliad" and "6 chyfweliad" read right with no network."""
from ..test_plural_forms import WAITING
from .interview_helpers import get_ready, open_app, published_demo, switch_app_language

COUNT = """async (key) => {
  const words = await import('/static/collect/words.js');   // the app's own module
  return [0, 1, 2, 3, 4, 5, 6].map((n) => words.tn(key, n));
}"""


def test_the_tablet_app_counts_from_0_to_6_in_welsh_and_english(live_server, open_tab):
    world = published_demo(live_server, "Cyfrif")
    page = open_tab()
    get_ready(page, world)
    open_app(page)
    switch_app_language(page, "cy")
    said = page.evaluate(COUNT, "outbox")
    for n, words in enumerate(said):
        print(n, words)
    assert said == [WAITING[n] for n in range(7)]
    switch_app_language(page, "en")
    said = page.evaluate(COUNT, "outbox")
    assert said[1] == "1 interview is waiting to send." and said[2] == "2 interviews are waiting to send."
