"""The posters page, each theme's poster (PDF A4 or A3, or PNG), and the findings booklet.
For the project's lead only. Posters are in the page's language unless ?lang= says."""
import io
import re
import unicodedata

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from werkzeug.utils import secure_filename

from ..access import allow
from ..i18n import LANGUAGES, current_language
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from ..theme import display, themes
from . import posters

bp = Blueprint("posters", __name__, url_prefix="/projects/<int:project_id>/posters")

THUMBNAIL_PIXELS = 360     # shown 180 px wide, sharp on a high-density screen


def poster_language():
    chosen = request.args.get("lang")
    return chosen if chosen in LANGUAGES else current_language()


def filename(*parts, ending):
    """An ASCII file name that is safe everywhere: accents dropped, odd characters gone."""
    plain = unicodedata.normalize("NFKD", "-".join(str(p) for p in parts)).encode("ascii", "ignore").decode()
    return secure_filename(re.sub(r"[\s_]+", "-", f"{plain}.{ending}".lower())) or f"poster.{ending}"


def _download(data, mimetype, name, attachment=True):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=attachment, download_name=name)


@bp.route("/")
@allow("lead")
def index(project_id):
    language = current_language()
    ordered = posters.themes_by_people(project_id)
    quotes = posters.quotes_on_posters(project_id, language) if ordered else {}
    return render_template("findings/posters.html", project=get_project(project_id), language=language,
                           posters=[{"theme": theme, "people": people, "words": display.text_in(theme["words"]),
                                     "quotes": quotes.get(theme["id"], [])} for theme, people in ordered],
                           picture_url=picture_url)


def _theme(project_id, theme_id):
    return themes.get_active(project_id, theme_id) or abort(404)


@bp.route("/<int:theme_id>.pdf")
@allow("lead")
def poster_pdf(project_id, theme_id):
    theme = _theme(project_id, theme_id)
    size = request.args.get("size", "A4").upper()
    if size not in posters.SIZES:
        abort(404)
    language = poster_language()
    data = posters.poster_pdf(project_id, theme, language, size)
    return _download(data, "application/pdf",
                     filename("poster", theme_id, display.text_in(theme["words"], language), language, size,
                              ending="pdf"))


@bp.route("/<int:theme_id>.png")
@allow("lead")
def poster_png(project_id, theme_id):
    """The A4 poster as a picture; ?thumbnail=1 gives the small one the posters page shows."""
    theme = _theme(project_id, theme_id)
    language = poster_language()
    thumbnail = request.args.get("thumbnail") == "1"
    data = posters.poster_png(project_id, theme, language, width=THUMBNAIL_PIXELS if thumbnail else None)
    return _download(data, "image/png",
                     filename("poster", theme_id, display.text_in(theme["words"], language), language,
                              ending="png"), attachment=not thumbnail)


@bp.route("/booklet.pdf")
@allow("lead")
def booklet(project_id):
    language = poster_language()
    data = posters.booklet_pdf(project_id, language)
    if data is None:
        flash(_("There are no themes yet, so there is nothing to put in the booklet. "
                "First sort the answers into themes with your group."), "info")
        return redirect(url_for(".index", project_id=project_id))
    return _download(data, "application/pdf",
                     filename("booklet", get_project(project_id)["name"], language, ending="pdf"))
