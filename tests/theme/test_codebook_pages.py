"""Every codebook and agreement page has the coding breadcrumbs and styles (from theme/_page.html)."""
from .test_codebook import tag


def test_every_codebook_and_agreement_page_has_the_way_back_and_the_coding_styles(client, login, coding, make, app):
    project = coding["project"]
    money = make.theme(project, coding["lead"], {"en": "Money"})
    make.theme(project, coding["lead"], {"en": "Cash"})
    tag(app, coding, coding["answers"][0], money)
    login.as_lead(coding["lead"])
    base = f"/projects/{project}"
    for url in (f"{base}/themes/", f"{base}/themes/new", f"{base}/themes/{money}/", f"{base}/themes/{money}/edit",
                f"{base}/themes/{money}/merge", f"{base}/themes/{money}/split", f"{base}/coding/agreement/"):
        page = client.get(url)
        assert page.status_code == 200, url
        crumbs = page.soup.select("nav.breadcrumbs a")
        assert crumbs[-1]["href"] == f"{base}/coding/", url
        assert len(page.soup.select('link[href$="coding/coding.css"]')) == 1, url
