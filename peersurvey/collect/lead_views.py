"""A lead's view of the interviews: how many have come in, bringing in a file saved on a
tablet that could not get online, printing participant cards, and withdrawing a
participant who asks (from here or from one of their interviews, read_views.py)."""
import io
import re

from flask import Blueprint, Response, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import FileField, SelectChoice, SelectField, StringField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Regexp

from .. import audit, csrf
from ..access import allow
from ..db import get_db
from ..forms import BaseForm, WholeNumberField, plain_text
from ..i18n import LANGUAGES, current_language
from ..projects.queries import get_project
from . import cards, interview_file, queries, recordings

bp = Blueprint("interviews", __name__, url_prefix="/projects/<int:project_id>/interviews")


class UploadForm(BaseForm):
    file = FileField(_l("File saved on the tablet (.json)"))


class WithdrawForm(BaseForm):
    code = StringField(_l("Participant code"), filters=[lambda v: v.upper().replace(" ", "") if v else v],
                       validators=[DataRequired(_l("Type the participant's code. It is on the card they were given.")),
                                   Length(max=12), Regexp(r"^[A-Z0-9-]{4,12}\Z", message=_l(
                                       "A participant code is 4 to 12 letters and numbers, like K7P4QX."))])


class CardsForm(BaseForm):
    sheets = WholeNumberField(_l("How many sheets? Each has 8 cards."), validators=[
        InputRequired(_l("Type how many sheets to print, from 1 to 10.")),
        NumberRange(1, cards.MOST_SHEETS, message=_l("Print from 1 to 10 sheets at a time."))])
    language = SelectField(_l("Language on the cards"),
                           choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()])
    contact = StringField(_l("How people can tell your group, for example a name and a phone number"),
                          validators=[DataRequired(_l("Type how people can tell your group, for example "
                                                      "a name and a phone number.")),
                                      Length(max=120, message=_l("Make this 120 letters or fewer.")),
                                      plain_text()])


@bp.route("/", methods=["GET"])
@allow("lead")
def index(project_id):
    return _page(project_id, UploadForm(), WithdrawForm())


def _page(project_id, upload_form, withdraw_form, results=None, cards_form=None, brought=None):
    project = get_project(project_id)
    cards_form = cards_form or CardsForm(data={"sheets": 1, "language": current_language(),
                                               "contact": project.get("contact") or ""})
    return render_template("collect/interviews.html", project=project,
                           summary=queries.summary(project_id), recent=queries.recent(project_id),
                           refusals=queries.refusals(project_id, current_language()),
                           upload_form=upload_form, withdraw_form=withdraw_form, results=results,
                           cards_form=cards_form, printed=cards.printed(project_id), brought=brought)


@bp.route("/cards", methods=["POST"])
@allow("lead")
def print_cards(project_id):
    """A PDF of participant cards with new codes; the contact is kept for next time."""
    form = CardsForm()
    if not form.validate_on_submit():
        return _page(project_id, UploadForm(), WithdrawForm(), cards_form=form), 400
    project = get_project(project_id)
    get_db()["projects"].update(project_id, {"contact": form.contact.data})
    codes = cards.new_codes(project_id, form.sheets.data * cards.CARDS_PER_SHEET, g.person["id"])
    audit.record("cards.print", person_id=g.person["id"], project_id=project_id, name=str(len(codes)))
    body = cards.sheet_pdf(codes, project["name"], form.contact.data, form.language.data)
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'attachment; filename="participant-cards-{project_id}.pdf"',
        "Cache-Control": "no-store"})


@bp.route("/upload", methods=["POST"])
@csrf.exempt      # checked below, once the bigger size limit for recordings is set
@allow("lead")
def upload(project_id):
    request.max_content_length = recordings.MAX_FILE_BYTES
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()   # reading the token reads the body, so only after the limit is raised
    form = UploadForm()
    if not form.validate_on_submit():
        return _page(project_id, form, WithdrawForm()), 400
    upload = request.files.get("file")
    try:
        interview_file.check(upload.stream if upload else io.BytesIO())
    except interview_file.NotOurs:
        form.file.errors.append(_("This is not a file saved by the peersurvey tablet app. Choose the "
                                  ".json file the tablet saved."))
        return _page(project_id, form, WithdrawForm()), 400
    results, brought = interview_file.bring_in(project_id, upload.stream)
    stored = sum(r["result"] == "stored" for r in results)
    audit.record("interviews.upload", person_id=g.person["id"], project_id=project_id,
                 name=upload.filename or "", stored=stored, sent=len(results))
    return _page(project_id, UploadForm(), WithdrawForm(), results=results, brought=brought)


@bp.route("/withdraw", methods=["POST"])
@allow("lead")
def withdraw(project_id):
    form = WithdrawForm()
    if not form.validate_on_submit():
        return _page(project_id, UploadForm(), form), 400
    code = form.code.data
    # From an interview's page: "No, go back" returns to it, and after erasing, to the list.
    interview = request.form.get("interview", "")
    interview = interview if re.fullmatch(r"[0-9A-Za-z-]{1,64}", interview) else None
    if request.form.get("confirm") != "yes":
        # A code with no interviews here yet is still taken out: its interviews may be
        # waiting on a tablet, and are refused (and deleted there) when it sends.
        return render_template("collect/withdraw_confirm.html", project=get_project(project_id),
                               code=code, count=len(queries.by_code(project_id, code)),
                               already=queries.is_withdrawn(project_id, code), form=form,
                               interview=interview)
    erased = queries.withdraw(project_id, code, g.person["id"])
    audit.record("participant.withdraw", person_id=g.person["id"], project_id=project_id,
                 name=audit.WITHDRAWN, interviews=erased)     # the code is not kept (queries.withdraw)
    if erased:
        flash(_("Everything participant %(code)s said has been erased. If a tablet still has any of "
                "their interviews, they are deleted when it next sends.", code=code), "success")
    else:
        flash(_("Participant %(code)s is taken out of the research. None of their interviews had come "
                "in. If a tablet still has any, they are deleted when it next sends.", code=code), "success")
    return redirect(url_for("reading.index" if interview else "interviews.index", project_id=project_id))
