"""You said, we did: the lead writes what is being done about each theme, and makes
read-only links to share it. The shared page (blueprint `shared`) is open to anyone with a
working link and shows no personal data: themes, how many people, and what is being done."""
from flask import (
    Blueprint,
    abort,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import Length, Optional

from .. import audit
from ..access import allow
from ..forms import BaseForm, EmptyForm, ParagraphsField, plain_text
from ..i18n import LANGUAGES
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from ..theme import themes
from . import share_links
from .pictures_png import picture_bytes

bp = Blueprint("actions", __name__, url_prefix="/projects/<int:project_id>/you-said-we-did")
shared_bp = Blueprint("shared", __name__, url_prefix="/shared")

DID_LABELS = {"en": _l("What we are doing, in English"), "cy": _l("What we are doing, in Welsh")}
TOO_LONG = _l("This can be up to 1000 letters long. Make it shorter.")
# A new link's address waits here for the one page view that shows it (then it is gone).
NEW_LINK = "new_share_link"


def did_form(rows, formdata=None):
    """One box per theme and language, named did_<theme id>_<language>."""
    class DidForm(BaseForm):
        pass
    data = {}
    for row in rows:
        for code in LANGUAGES:
            name = f"did_{row['theme']['id']}_{code}"
            setattr(DidForm, name, ParagraphsField(DID_LABELS.get(code, code), validators=[
                Optional(), Length(max=share_links.DID_MAX, message=TOO_LONG), plain_text()]))
            data[name] = row["did"].get(code, "")
    return DidForm(formdata=formdata, data=data)


def _page(project_id, form=None, status=200):
    rows = share_links.you_said_we_did(project_id)
    form = form or did_form(rows)
    waiting = session.pop(NEW_LINK, None)
    new_link = waiting["address"] if waiting and waiting.get("project") == project_id else None
    return render_template("findings/actions.html", project=get_project(project_id), rows=rows, form=form,
                           languages=LANGUAGES, links=share_links.active(project_id), new_link=new_link,
                           picture_url=picture_url), status


@bp.route("/", methods=["GET", "POST"])
@allow("lead")
def index(project_id):
    if request.method in ("GET", "HEAD"):
        return _page(project_id)
    rows = share_links.you_said_we_did(project_id)
    form = did_form(rows, request.form)
    if not form.validate_on_submit():
        return _page(project_id, form, status=400)
    written = {row["theme"]["id"]: {code: form[f"did_{row['theme']['id']}_{code}"].data or "" for code in LANGUAGES}
               for row in rows}
    changed = share_links.save_did(project_id, g.person["id"], written)
    if changed:
        audit.record("findings.actions", person_id=g.person["id"], project_id=project_id,
                     name=get_project(project_id)["name"], themes=changed)
    flash(_("Saved. This is what people will see on the shared page and in the booklet."), "success")
    return redirect(url_for(".index", project_id=project_id))


@bp.route("/links/new", methods=["POST"])
@allow("lead")
def make_link(project_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    link_id, token = share_links.make(project_id, g.person["id"])
    audit.record("findings.share_link", person_id=g.person["id"], project_id=project_id,
                 name=get_project(project_id)["name"], link=link_id)
    # Redirect, so refreshing the page never makes another link; the next view shows it once.
    session[NEW_LINK] = {"project": project_id, "address": url_for("shared.page", code=token, _external=True)}
    return redirect(url_for(".index", project_id=project_id, _anchor="new-link-title"))


@bp.route("/links/<int:link_id>/off", methods=["POST"])
@allow("lead")
def revoke_link(project_id, link_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    link = share_links.get(project_id, link_id)
    if link is None:
        flash(_("We could not find that link in this project. Choose one from the list of links."), "error")
    elif link["revoked_at"]:
        flash(_("That link was already switched off. Nobody can open the page with it."), "info")
    elif share_links.revoke(project_id, link_id, g.person["id"]):
        audit.record("findings.share_link_off", person_id=g.person["id"], project_id=project_id,
                     name=get_project(project_id)["name"], link=link_id)
        flash(_("The link is switched off. Nobody can open the page with it any more."), "success")
    else:
        # Switched off by someone else a moment ago (revoke checks in its own write).
        flash(_("That link was already switched off. Nobody can open the page with it."), "info")
    return redirect(url_for(".index", project_id=project_id, _anchor="share-title"))


# The shared page: no sign-in, no personal data, no links into the app. ------------------

def _shared_project(code):
    project_id = share_links.project_for(code)
    if project_id is None:
        abort(404)
    return project_id


@shared_bp.route("/<code>", endpoint="page")
@allow("anyone")
def shared_page(code):
    project_id = _shared_project(code)
    rows = share_links.you_said_we_did(project_id)

    def shared_picture(theme):
        if not theme["picture"]:
            return None
        if theme["picture"].startswith("openmoji:"):
            return picture_url(theme["picture"])
        return url_for(".picture", code=code, theme_id=theme["id"])

    return shared_response(render_template(
        "findings/shared.html", project=get_project(project_id), rows=rows, picture_src=shared_picture))


@shared_bp.route("/<code>/pictures/<int:theme_id>")
@allow("anyone")
def picture(code, theme_id):
    """A theme's own (uploaded) picture, for the shared page: media pages are for leads."""
    project_id = _shared_project(code)
    theme = themes.get_active(project_id, theme_id)
    if theme is None or not (theme["picture"] or "").startswith("media:"):
        abort(404)       # library pictures are static files
    found = picture_bytes(project_id, theme["picture"]) or abort(404)
    return shared_response(*found)


def shared_response(body, mimetype="text/html"):
    response = make_response(body)
    response.mimetype = mimetype
    # Keep the page out of search engines (the page says so too, and sends no referrer).
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response
