"""A test client that checks the basics of every HTML page it fetches (after GOV.UK
Notify's client_request): it parses, has one <h1>, a <title> that starts with it,
unique ids, a labelled control for every input, `lang` on <html>, and a CSRF token in
every POST form."""
from bs4 import BeautifulSoup
from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

LABELLED_BY_TYPE = {"hidden", "submit", "button"}


def check_page(html, fragment=False):
    """fragment: a part of a page that a script draws in again (X-Fragment: 1), so it has no
    <html> or h1 of its own; the rest is checked the same."""
    soup = BeautifulSoup(html, "html.parser")
    if not fragment:
        assert soup.html and soup.html.get("lang") in ("en", "cy"), "<html> needs a lang"
    if not fragment and not soup.body.has_attr("data-app-shell"):
        # An app shell's screens (and their h1) are drawn by its script: the browser tests
        # check those. Every server-drawn page is checked here.
        h1s = soup.find_all("h1")
        assert len(h1s) == 1, f"a page needs exactly one h1, found {len(h1s)}"
        title = " ".join(soup.title.get_text().split())
        heading = " ".join(h1s[0].get_text().split())
        assert title.startswith(heading), f"title {title!r} should start with the h1 {heading!r}"
    ids = [tag["id"] for tag in soup.find_all(id=True)]
    assert len(ids) == len(set(ids)), f"ids repeat: {sorted(i for i in ids if ids.count(i) > 1)}"
    for control in soup.find_all(["input", "select", "textarea"]):
        if control.get("type") in LABELLED_BY_TYPE:
            continue
        assert control.get("id") and soup.find("label", attrs={"for": control["id"]}), \
            f"input {control.get('name')!r} has no label"
    for form in soup.find_all("form"):
        if (form.get("method") or "get").lower() == "post":
            assert form.find("input", attrs={"name": "csrf_token"}), \
                f"POST form to {form.get('action')!r} has no CSRF token"
    return soup


def csrf_token(html):
    field = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "csrf_token"})
    assert field is not None, "the page has no form with a CSRF token"
    return field["value"]


class PageClient(FlaskClient):
    def open(self, *args, **kwargs):
        response = super().open(*args, **kwargs)
        if response.mimetype == "text/html" and response.status_code not in (204, 302):
            response.soup = check_page(response.get_data(as_text=True),
                                       fragment=response.headers.get("X-Fragment") == "1")
        return response

    def submit(self, url, data, page=None, **kwargs):
        """Post a form as a browser would: fetch the page first and send its CSRF token (and
        the builder's revision, if the page has one and `data` does not say)."""
        html = self.get(page or url).get_data(as_text=True)
        data = {**data, "csrf_token": csrf_token(html)}
        revision = BeautifulSoup(html, "html.parser").find("input", attrs={"name": "revision"})
        if revision is not None and "revision" not in data:
            data["revision"] = revision["value"]
        if any(isinstance(v, tuple) for v in data.values()):
            # Encode uploads in memory: Werkzeug's own encoder spools big bodies to a
            # temporary file it never closes, which pytest reports as a leak.
            files = MultiDict()
            for key, value in data.items():
                if isinstance(value, tuple):
                    stream, filename = value
                    files.add(key, FileStorage(stream, filename=filename))
                else:
                    for item in value if isinstance(value, list) else [value]:
                        files.add(key, item)
            boundary, body = encode_multipart(files)
            kwargs["content_type"] = f"multipart/form-data; boundary={boundary}"
            return self.post(url, data=body, **kwargs)
        return self.post(url, data=data, **kwargs)


def text(response):
    return " ".join(response.soup.get_text().split())


def errors(response):
    return [" ".join(el.get_text().split()) for el in response.soup.select(".field__error")]
