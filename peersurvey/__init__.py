"""peersurvey: an accessible peer-research survey platform.

create_app reads like a table of contents: settings, the database, languages, security,
then one blueprint per user-facing area.
"""
import os

from flask import Flask
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FunctionLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from . import access, config, db, errors, i18n, questions, safe_json, safety

csrf = CSRFProtect()


def create_app(test_config=None):
    instance_path = os.environ.get(config.INSTANCE_ENV) or None
    app = Flask(__name__,
                instance_path=instance_path, instance_relative_config=True)
    os.makedirs(app.instance_path, exist_ok=True)
    # "kind:<name>" is a question kind's own template, wherever its module is.
    app.jinja_loader = ChoiceLoader([app.jinja_loader, FunctionLoader(questions.template_source)])
    app.json = safe_json.JSONProvider(app)   # request.get_json: no NaN, no giant numbers, no deep nesting
    app.config.from_mapping(
        **config.from_environment(),
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        MAX_CONTENT_LENGTH=8 * 1024 * 1024,  # a picture (5 MB) or recording (3 MB) and its form
        WTF_CSRF_TIME_LIMIT=None,  # a form left open on a tablet must still send
        BABEL_DEFAULT_TIMEZONE="Europe/London",  # times shown as people in Wales read a clock
        BABEL_TRANSLATION_DIRECTORIES=os.path.join(os.path.dirname(__file__), "translations"),
    )
    app.config.update(test_config or {})
    app.config["DATABASE"] = app.config["DATABASE"] or os.path.join(app.instance_path, "peersurvey.db")
    app.config.setdefault("SECRET_KEY", None)
    app.config["SECRET_KEY"] = app.config["SECRET_KEY"] or config.secret_key(app.instance_path)
    if app.config["BEHIND_PROXY"]:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1)

    db.init_app(app)
    i18n.init_app(app)
    csrf.init_app(app)
    safety.init_app(app)
    access.init_app(app)
    errors.init_app(app)
    _register_blueprints(app)
    _register_commands(app)
    return app


def _register_blueprints(app):
    from . import api, health, home
    from .collect import api as collect_api  # noqa: F401  (adds the interview routes to api.bp)
    from .collect import recording_api  # noqa: F401  (adds the recording upload routes to api.bp)
    from .collect import lead_views as interview_lead_views
    from .collect import read_views as interview_read_views
    from .collect import views as interview_views
    from .collect import recording_views, voices_views
    from .collect import words_views  # noqa: F401  (adds "correct the words" to reading.bp)
    from .findings import actions_views, chart_views, export_views, poster_views
    from .pay import statement_views
    from .people import signin_views, tablet_admin_views, tablet_views, team_views
    from .prepare import consent_views, media_views, question_views, questionnaire_views, words
    from .pay import lead_views as pay_lead_views
    from .pay import work_views
    from .projects import views as projects
    from .theme import agreement_views, ahead, codebook_views, join_views, live, session_views, typing_views
    from .theme import live_views  # noqa: F401  (adds the live stream, coding.events, to session_views.bp)

    csrf.exempt(api.bp)  # the API authenticates with a bearer token, not a cookie
    for blueprint in (home.bp, signin_views.bp, projects.bp, team_views.bp,
                      tablet_admin_views.bp, tablet_views.bp, questionnaire_views.bp,
                      question_views.bp, consent_views.bp, media_views.bp, words.bp, interview_views.bp,
                      interview_lead_views.bp, interview_read_views.bp, recording_views.bp, voices_views.bp, codebook_views.bp, session_views.bp,
                      typing_views.bp, join_views.bp, agreement_views.bp, chart_views.bp, poster_views.bp,
                      actions_views.bp, actions_views.shared_bp, export_views.bp, export_views.import_bp,
                      pay_lead_views.bp, work_views.bp, statement_views.bp, api.bp, health.bp):
        app.register_blueprint(blueprint)
    ahead.init_app(app)      # before live: its hook runs after live's (see ahead._when_sent)
    live.init_app(app)


def _register_commands(app):
    from . import cli
    for command in cli.APP_COMMANDS:
        app.cli.add_command(command)
