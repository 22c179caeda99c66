"""Exports for professionals, on one page for the project lead: the answers, interviews,
themes and codings as CSV and Excel, the codebook for NVivo, ATLAS.ti and MAXQDA (and
bringing one in), and the whole project as one file (and bringing one in as a new project).
"""
import tempfile

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import force_locale, format_number, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.wsgi import wrap_file
from wtforms import FileField

from .. import audit, csrf
from ..access import allow
from ..db import connect, now
from ..forms import BaseForm, EmptyForm
from ..i18n import current_language
from ..project_files import bring_in
from ..project_files import transfer
from ..projects.queries import get_project
from ..theme import themes
from . import exports, refiqda
from .poster_views import filename

bp = Blueprint("exports", __name__, url_prefix="/projects/<int:project_id>/exports")

# Field names differ, so the two forms on one page have different ids.
class CodebookForm(BaseForm):
    codebook = FileField(_l("Codebook file (.qdc)"))


class ProjectFileForm(BaseForm):
    project_file = FileField(_l("Whole-project file (.zip)"))


def _page(project_id, codebook_form=None, project_form=None, outcome=None, status=200):
    return render_template(
        "findings/exports.html", project=get_project(project_id), has_themes=bool(themes.active(project_id)),
        codebook_form=codebook_form or CodebookForm(), project_form=project_form or ProjectFileForm(),
        outcome=outcome, columns=exports.COLUMNS), status


@bp.route("/")
@allow("lead")
def index(project_id):
    return _page(project_id)


def _name(project_id, *parts, ending):
    return filename("peersurvey", get_project(project_id)["name"], *parts, ending=ending)


def _download(body, mimetype, filename):
    return Response(body, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _streamed(make_pieces):
    """Send what `make_pieces(db)` yields as it comes, all read from one snapshot of the
    database (`reading`) on a connection of its own, in the language of the page. Each piece
    is made in a short app context of its own: a context held open between pieces (as
    stream_with_context does) breaks when two downloads are read in turn in one thread."""
    app, path, language = current_app._get_current_object(), current_app.config["DATABASE"], current_language()

    def pieces():
        db = connect(path)      # opened once sending starts: a download never read opens nothing
        made = make_pieces(db)
        try:
            while True:
                with app.app_context(), force_locale(language):
                    g.db = db
                    try:
                        piece = next(made, None)
                    finally:
                        g.pop("db")
                if piece is None:
                    return
                yield piece
        finally:
            made.close()
            db.close()
    return pieces()


def _table_csv(sheet):
    """The view for one table as CSV: /answers.csv, /interviews.csv, /themes.csv, /codings.csv.
    Sent a few lines at a time as it is read, so a big project needs no more memory."""
    def view(project_id):
        pieces = _streamed(lambda db: exports.csv_of_snapshot(db, sheet, project_id))
        return _download(pieces, "text/csv; charset=utf-8",
                         _name(project_id, sheet.lower(), now()[:10], ending="csv"))
    view.__name__ = f"{sheet.lower()}_csv"
    return allow("lead")(view)


for _sheet in exports.SHEETS:
    bp.add_url_rule(f"/{_sheet.lower()}.csv", view_func=_table_csv(_sheet))


@bp.route("/workbook.xlsx")
@allow("lead")
def workbook(project_id):
    name = get_project(project_id)["name"]
    out = exports.workbook_file(project_id, name)
    if out is None:
        flash(_("This project is too big for one Excel file: a sheet holds at most %(most)s rows. "
                "Download the CSV files instead: they have no such limit.",
                most=format_number(exports.EXCEL_MAX_ROWS - 1)), "info")
        return redirect(url_for("exports.index", project_id=project_id))
    size = out.tell()
    out.seek(0)
    response = _download(wrap_file(request.environ, out), "application/vnd.openxmlformats-officedocument"
                         ".spreadsheetml.sheet", _name(project_id, now()[:10], ending="xlsx"))
    response.direct_passthrough = True
    response.content_length = size
    return response


@bp.route("/codebook.qdc")
@allow("lead")
def codebook(project_id):
    body = refiqda.export_codebook(project_id)
    if body is None:
        flash(_("There are no themes yet, so there is no codebook to download."), "info")
        return redirect(url_for("exports.index", project_id=project_id))
    return _download(body, "application/xml", _name(project_id, "codebook", ending="qdc"))


def _chosen(form, field, message):
    """The file chosen in `field`, or None with `message` on the field."""
    upload = request.files.get(field.name)
    if form.validate_on_submit() and upload and upload.filename:
        return upload
    field.errors.append(message)
    return None


@bp.route("/codebook", methods=["POST"])
@allow("lead")
def import_codebook(project_id):
    form = CodebookForm()
    upload = _chosen(form, form.codebook, _("Choose the codebook file (.qdc) to bring in."))
    try:
        outcome = upload and refiqda.import_codebook(project_id, g.person["id"],
                                                     upload.stream.read(refiqda.MAX_BYTES + 1))
    except refiqda.CodebookProblem as problem:
        form.codebook.errors.append(str(problem))
    if form.codebook.errors:
        return _page(project_id, codebook_form=form, status=400)
    audit.record("codebook.import", person_id=g.person["id"], project_id=project_id, name=upload.filename,
                 added=len(outcome.added))
    return _page(project_id, outcome=outcome)


@bp.route("/project", methods=["POST"])
@allow("lead")
def export_project(project_id):
    if not EmptyForm().validate_on_submit():
        abort(400)
    project = get_project(project_id)
    out = tempfile.TemporaryFile()      # on disk, private (umask 077): memory stays flat
    manifest = transfer.export_project(project_id, g.person["id"], out)
    audit.record("project.export", person_id=g.person["id"], project_id=project_id, name=project["name"])
    out.seek(0)
    return send_file(out, mimetype="application/zip", as_attachment=True,
                     download_name=filename("peersurvey-project", project_id, project["name"],
                                            manifest["exported_at"][:10], ending="zip"))


@bp.route("/import-project", methods=["POST"])
@csrf.exempt      # checked in _bring_in_project, once the bigger size limit is set
@allow("lead")
def import_project(project_id):
    form, imported = _bring_in_project()
    if imported is None:
        return _page(project_id, project_form=form, status=400)
    return _brought_in(imported)


# A lead on a new server has no project yet, so bringing one in also lives on the projects list.
import_bp = Blueprint("project_import", __name__)


@import_bp.route("/projects/import", methods=["GET", "POST"])
@csrf.exempt      # checked in _bring_in_project, once the bigger size limit is set
@allow("account")
def page():
    form, imported = (ProjectFileForm(), None) if request.method in ("GET", "HEAD") else _bring_in_project()
    if imported is None:
        return render_template("findings/project_import.html", form=form), 400 if form.errors else 200
    return _brought_in(imported)


def _bring_in_project():
    """Check the form and bring the chosen file in as a new project led by the signed-in
    person: (form, the imported project or None with the errors on the form)."""
    request.max_content_length = bring_in.MAX_UPLOAD_BYTES
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()   # reading the token reads the body, so only after the limit is raised
    form = ProjectFileForm()
    upload = _chosen(form, form.project_file, _("Choose the whole-project file (.zip) to bring in."))
    imported = None
    try:
        imported = upload and bring_in.import_project(upload.stream, g.person["id"])
    except transfer.ProjectFileProblem as problem:
        form.project_file.errors.append(str(problem))
    return form, (imported or None)


def _brought_in(imported):
    flash(_("%(name)s is here now, as a new project that you lead. People in it have no PINs or "
            "passwords yet: give them new ones before they sign in, and register your tablets.",
            name=imported.name), "success")
    flash(ngettext("It came with %(num)d interview.", "It came with %(num)d interviews.",
                   imported.interviews), "info")
    return redirect(url_for("projects.show", project_id=imported.project_id))
