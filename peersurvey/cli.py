"""Command line: `peersurvey serve`, `peersurvey create-lead`, `peersurvey set-password`,
`peersurvey demo`.

The same create-lead and demo commands work as `flask --app peersurvey <command>`.
"""
import logging
import os
import signal
import sys

import click
from flask.cli import FlaskGroup, with_appcontext

from . import backups, checkpoints, create_app, https, memory, server_threads
from .project_files.bring_in import import_command
from .project_files.transfer import export_command


@click.command("create-lead")
@click.option("--name", prompt="Your name", help="The lead's name, as others will see it.")
@click.option("--email", prompt="Your email address", help="The email address to sign in with.")
@click.password_option(help="At least 10 characters. Asked for if not given.")
@with_appcontext
def create_lead(name, email, password):
    """Create a project lead account, for the first sign-in on a new install."""
    from email_validator import EmailNotValidError, validate_email

    from . import audit
    from .people import queries
    from .people.forms import PASSWORD_MIN
    name = " ".join(name.split())
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise click.UsageError(f"That email address does not look right: {error}")
    if not name or len(name) > 60:
        raise click.UsageError("Give a name of 1 to 60 characters.")
    if len(password) < PASSWORD_MIN:
        raise click.UsageError(f"The password needs at least {PASSWORD_MIN} characters.")
    if queries.find_by_email(email):
        raise click.UsageError(f"Someone already uses {email}. Sign in with it, or use another address.")
    person_id = queries.create_person(name, email=email, password=password, picture="star")
    audit.record("lead.create", person_id=person_id, via="command line")
    click.echo(f"Made a lead account for {name} <{email}>. Sign in at /signin.")


@click.command("set-password")
@click.option("--email", prompt="Their email address", help="The email address they sign in with.")
@click.password_option(help="At least 10 characters. Asked for if not given.")
@with_appcontext
def set_password(email, password):
    """Give a lead who forgot their password a new one (for whoever runs the server). Ends
    their sign-ins everywhere and unlocks them."""
    from . import audit
    from .people import limits, queries, signins
    from .people.forms import PASSWORD_MIN
    person = queries.find_by_email(email.strip())
    if person is None or not person["password_hash"]:
        raise click.UsageError(f"Nobody signs in with {email}. Check the address.")
    if len(password) < PASSWORD_MIN:
        raise click.UsageError(f"The password needs at least {PASSWORD_MIN} characters.")
    queries.update_person(person["id"], password=password)
    signins.end_all(person["id"], "password")
    limits.unlock(person["id"])
    audit.record("person.password", person_id=person["id"], via="command line")
    click.echo(f"{person['name']} has a new password. Sign in at /signin.")


@click.command("demo")
@with_appcontext
def demo_command():
    """Create the demo project (once) and print its logins."""
    from . import demo
    logins = demo.ensure_demo()
    click.echo(demo.describe(logins))


@click.command("import-xlsform")
@click.option("--project", "project_id", required=True, type=int, help="The project's number (from its address).")
@click.argument("form", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_xlsform_command(project_id, form):
    """Bring an XLSForm (.xlsx from ODK or KoboToolbox) into a project as a new draft."""
    from . import audit
    from .prepare import transfer
    from .projects.queries import get_project
    if get_project(project_id) is None:
        raise click.UsageError(f"There is no project {project_id}.")
    from .prepare.workbook import MAX_FILE_BYTES
    if os.path.getsize(form) > MAX_FILE_BYTES:
        raise click.UsageError(f"{form} is too big to be a form (more than {MAX_FILE_BYTES // 2**20} MB).")
    with open(form, "rb") as f:
        outcome = transfer.import_xlsform(project_id, f.read(), None)
    for line in outcome.carried:
        click.echo(f"carried over: {line}")
    for line in outcome.not_carried:
        click.echo(f"not carried over: {line}")
    if not outcome.questionnaire_id:
        click.echo("Nothing was imported; the project has not changed.", err=True)
        raise SystemExit(1)
    audit.record("questionnaire.import", person_id=None, project_id=project_id,
                 questionnaire=outcome.questionnaire_id, name=os.path.basename(form), via="command line")
    click.echo(f"Made questionnaire {outcome.questionnaire_id} (a draft) in project {project_id}.")


@click.command("backup")
@click.option("--to", "folder", type=click.Path(file_okay=False), default=None,
              help="Folder for the copy. Default: PEERSURVEY_BACKUP_DIR, else backups/ in the instance folder.")
@with_appcontext
def backup_command(folder):
    """Make a checked copy of everything (pictures and recordings too), safe while the server runs."""
    from flask import current_app

    from . import backups
    folder = folder or backups.folder_for(current_app.config, current_app.instance_path)
    try:
        made = backups.make(current_app.config["DATABASE"], folder)
    except (backups.BackupError, OSError) as error:
        raise click.ClickException(str(error))
    click.echo(f"Made a backup: {made}\nKeep a copy somewhere else too (a USB stick kept safe, or another computer).")


@click.command("restore")
@click.argument("backup", type=click.Path(exists=True, dir_okay=False))
@click.option("--force", is_flag=True, help="Restore even though peersurvey is running with this database.")
@with_appcontext
def restore_command(backup, force):
    """Put a backup in place of the database. The database it replaces is kept beside it."""
    from flask import current_app

    from . import backups
    try:
        kept = backups.restore(backup, current_app.config["DATABASE"], force=force)
    except backups.BackupError as error:
        raise click.ClickException(str(error))
    click.echo(f"Restored {backup}." + (f" The database it replaced is kept as {kept}." if kept else ""))


APP_COMMANDS = (backup_command, restore_command, create_lead, set_password, demo_command, import_xlsform_command, export_command, import_command)


@click.command("serve")
@click.option("--host", envvar="PEERSURVEY_HOST", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 lets tablets on your network connect).")
@click.option("--port", envvar="PEERSURVEY_PORT", default=5000, show_default=True, type=int)
@click.option("--database", envvar="PEERSURVEY_DATABASE", default=None,
              help="SQLite file. Default: peersurvey.db in the instance folder.")
@click.option("--threads", envvar="PEERSURVEY_THREADS", default=None, type=int,
              help="Requests handled at once. Default: PEERSURVEY_THREADS, else 32.")
@click.option("--domain", default=None,
              help="Serve HTTPS for this web address (a host), with a certificate Caddy gets by itself.")
@click.option("--hub", is_flag=True, help="Serve HTTPS on this laptop's network, with the hub's own "
                                          "certificate authority for tablets to trust.")
@click.option("--https", "https_on", is_flag=True, help="HTTPS: --hub, unless --domain is given.")
@click.option("--https-port", default=None, type=int,
              help=f"Port for HTTPS. Default: {https.HOST_PORT} with --domain, {https.HUB_PORT} for a hub.")
@click.option("--http-port", default=None, type=int,
              help=f"A hub's plain HTTP port, for tablets to fetch its certificate. Default: {https.HUB_HTTP_PORT}.")
@click.option("--hub-name", multiple=True,
              help="A name or address tablets use for the hub (repeat for more). Default: its network "
                   "address and <computer name>.local.")
@click.option("--email", default="", help="With --domain: an address Let's Encrypt may write to.")
def serve(host, port, database, threads, domain, hub, https_on, https_port, http_port, hub_name, email):
    """Start peersurvey with the production server (waitress; works on Windows too), and
    with --domain or --hub, HTTPS in front of it (Caddy)."""
    overrides = {"DATABASE": database} if database else {}
    if not (domain or hub or https_on):
        return _serve(create_app(overrides or None), host, port, threads,
                      f"peersurvey is running at http://{host}:{port}/")
    instance = create_app(overrides or None).instance_path
    try:
        plan = https.plan_for(instance, port, domain=domain, hub_names=hub_name, port=https_port, email=email,
                              http_port=http_port)
        caddy = https.start(plan)
    except https.HttpsError as error:
        raise click.ClickException(str(error))
    # SIGTERM (a service manager stopping us) must run the finally below, as Ctrl+C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        app = create_app({**overrides, **https.app_settings(plan)})
        said = f"peersurvey is running at {plan.public_url}"
        if plan.hub:
            said += ("\nTablets join this laptop's Wi-Fi, trust the hub once (see Add a tablet), and go to "
                     + ", ".join(f"https://{name}:{plan.port}/" for name in plan.names))
        _serve(app, "127.0.0.1", port, threads, said)    # only Caddy reaches waitress
    finally:
        https.stop(caddy)


def _serve(app, host, port, threads, said):
    import waitress
    memory.fewer_pools()
    settings = server_settings(app.config, threads)
    if settings["connection_limit"] < app.config["CONNECTIONS"]:
        click.echo(f"This system lets peersurvey keep only {settings['connection_limit']} connections "
                   f"open, not PEERSURVEY_CONNECTIONS={app.config['CONNECTIONS']}; using "
                   f"{settings['connection_limit']}.", err=True)
    backups.start_schedule(app)
    checkpoints.start(app.config["DATABASE"], app.logger)   # before any request's connection
    # Listening before saying so: behind Caddy, a tablet that came at once would get a 502.
    logging.basicConfig()      # as waitress.serve does, so its warnings are seen
    # _dispatcher: waitress's own way in for another dispatcher (its tests use it); see server_threads.
    server = waitress.create_server(app, host=host, port=port, ident="peersurvey",
                                    _dispatcher=server_threads.WarmThreads(settings["threads"]), **settings)
    click.echo(f"{said}  (press Ctrl+C to stop)", err=True)
    memory.keep_startup_objects()
    server.run()


# waitress watches its connections with select(), which takes file numbers below 1024 on
# Linux and macOS and at most 512 sockets on Windows; past that the server stops.
SELECT_LIMIT = 512 if os.name == "nt" else 1024


def server_settings(config, threads=None):
    """waitress's settings, from the app's (config.SETTINGS, so the README table is the truth)."""
    threads = threads or config["THREADS"]
    idle = config["IDLE_CONNECTION_SECONDS"]
    return dict(threads=threads, connection_limit=connection_limit(config, threads),
                # Behind a proxy the app's ProxyFix reads X-Forwarded-For and -Proto (the one
                # place that trusts them); waitress would otherwise delete them first, and
                # every browser would be 127.0.0.1 (one try limit for the whole world) on plain
                # HTTP (no HSTS). Not behind one, waitress deletes them as nobody vouches for them.
                clear_untrusted_proxy_headers=not config["BEHIND_PROXY"],
                channel_timeout=idle,
                # How often idle connections are looked for: often enough that one is closed
                # within about 1.5 times IDLE_CONNECTION_SECONDS.
                cleanup_interval=max(1, idle // 2))


def connection_limit(config, threads):
    """CONNECTIONS, or fewer if this system cannot keep that many open: every connection is
    an open file, and so is each SQLite database connection (its file and its log, one per
    thread and per live stream). The open-files limit is raised towards what is needed
    first (macOS starts programs with 256)."""
    wanted = config["CONNECTIONS"]
    spare = 0 if os.name == "nt" else 2 * (threads + config["LIVE_STREAMS"]) + 32
    most = SELECT_LIMIT - 12 if os.name == "nt" else SELECT_LIMIT - spare
    try:
        import resource
    except ImportError:         # Windows: sockets are not counted as open files
        return max(1, min(wanted, most))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    needed = min(wanted, most) + spare
    if soft != resource.RLIM_INFINITY and soft < needed:
        raised = needed if hard == resource.RLIM_INFINITY else min(needed, hard)
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
        except (ValueError, OSError):
            pass
    if soft != resource.RLIM_INFINITY:
        most = min(most, soft - spare)
    return max(1, min(wanted, most))


def _app_for_cli():
    return create_app()


main = FlaskGroup(create_app=_app_for_cli, add_version_option=False, load_dotenv=False,
                  help="peersurvey: accessible peer research. Settings come from PEERSURVEY_* "
                       "environment variables; see the README.")
main.add_command(serve)
