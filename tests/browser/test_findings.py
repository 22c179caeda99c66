"""The findings pages in a real browser: zero axe violations on the dashboard and every
chart page in English and Welsh, nothing to scroll sideways, and screenshots to look at."""
import pytest

from ..theme.conftest import build_coding_world
from .conftest import SCREENSHOTS, assert_accessible, sign_in_lead, switch_language

SIZES = {"landscape": {"width": 1024, "height": 768}, "portrait": {"width": 768, "height": 1024},
         "phone": {"width": 390, "height": 844}}

SITES = ["Blaenau Gwent", "Sir Fynwy (Monmouthshire)", "Caerffili (Caerphilly)", "Casnewydd (Newport)",
         "Torfaen People First"]


def coded_world(make, name):
    world = build_coding_world(make, name)
    lead = world["lead"]
    themes = [make.theme(world["project"], lead, {"en": en, "cy": cy}) for en, cy in
              (("Money", "Arian"), ("Going out", "Mynd allan"), ("Dŵr a bwyd", "Dŵr a bwyd"))]
    with make.app.app_context():
        from peersurvey.db import get_db
        db = get_db()
        # Five sites with long names: the split by site has a column for each, wider
        # than a phone, so its table has to stack there.
        for n, item in enumerate(world["interviews"]):
            db.execute("update interviews set site = ? where id = ?", [SITES[n % len(SITES)], item["id"]])
        for n, answer_id in enumerate(world["answers"]):
            db.execute("""insert into codings (project_id, answer_id, theme_id, owner, created_at, created_by)
                          values (?, ?, ?, 0, '2026-11-25T10:00:00+00:00', ?)""",
                       [world["project"], answer_id, themes[n % 2], lead["id"]])
        db.conn.commit()
    return world


@pytest.mark.parametrize("language", ["en", "cy"])
def test_findings_pages_are_accessible_at_every_size(live_server, open_tab, language):
    world = coded_world(live_server.make, f"Findings {language}")
    base = f"/projects/{world['project']}/findings"
    pages = {"dashboard": f"{base}/", "themes": f"{base}/themes", "heading": f"{base}/themes/by/heading",
             "question": f"{base}/themes/by/question", "site": f"{base}/themes/by/site", "month": f"{base}/themes/by/month", "questions": f"{base}/questions",
             "exports": f"/projects/{world['project']}/exports/"}
    for size, viewport in SIZES.items():
        page = open_tab(viewport)
        sign_in_lead(page, world["lead"])
        switch_language(page, language)
        for name, url in pages.items():
            page.goto(url)
            if size == "landscape":
                assert_accessible(page)
            for image in page.locator("img.chart__image").all():
                assert image.evaluate("img => img.complete && img.naturalWidth > 0"), f"{url}: a chart did not load"
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                f"{name} scrolls sideways at {size}: " + page.evaluate(
                    "[...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right"
                    " > window.innerWidth).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')"))
            page.screenshot(path=str(SCREENSHOTS / f"findings-{name}-{size}-{language}.png"), full_page=True)
