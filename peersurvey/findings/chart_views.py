"""The findings pages: the lead's dashboard, and the charts (how often each theme came
up, split by heading, question, site and month, and the answers to closed questions),
each with its alt text and a table of the same numbers beside it. Chart images are PNG
or SVG, drawn on request in the page's language."""
from flask import Blueprint, Response, abort, render_template, request

from ..access import allow
from ..prepare.picture_urls import picture_url
from ..projects.queries import get_project
from . import counts, figures

bp = Blueprint("findings", __name__, url_prefix="/projects/<int:project_id>/findings")

FORMATS = {"png": "image/png", "svg": "image/svg+xml"}


@bp.route("/")
@allow("lead")
def dashboard(project_id):
    return render_template("findings/dashboard.html", project=get_project(project_id),
                           board=counts.dashboard(project_id), picture_url=picture_url)


@bp.route("/themes")
@allow("coder")
def themes(project_id):
    count = "mentions" if request.args.get("count") == "mentions" else "people"
    figure = figures.themes_figure(project_id, count)
    return render_template("findings/themes.html", project=get_project(project_id), figure=figure,
                           count=count, people=counts.people_interviewed(project_id))


@bp.route("/themes/by/<by>")
@allow("coder")
def split(project_id, by):
    if by not in figures.SPLIT_NAMES:
        abort(404)
    return render_template("findings/split.html", project=get_project(project_id), by=by,
                           figure=figures.split_figure(project_id, by), splits=figures.SPLIT_NAMES)


@bp.route("/questions")
@allow("coder")
def questions(project_id):
    return render_template("findings/questions.html", project=get_project(project_id),
                           figures=figures.question_figures(project_id))


@bp.route("/charts/<name>.<fmt>")
@allow("coder")
def chart(project_id, name, fmt):
    figure = figures.by_name(project_id, name, request.args.get("count", "people"))
    if fmt not in FORMATS or figure is None or figure.draw is None:
        abort(404)
    # ?size=phone: drawn for a narrow screen, so its words are not shrunk to nothing.
    response = Response(figure.draw(fmt, narrow=request.args.get("size") == "phone"), mimetype=FORMATS[fmt])
    if request.args.get("download"):
        response.headers["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
