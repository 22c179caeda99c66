"""Files that hold personal data or secrets are readable by their owner only: the database and
its -wal and -shm, the safety copy made before a migration, the secret key, exports the
command line writes, and the instance folder. Old installs are put right when they start.
And the secret key is made once, whole, however many processes start at the same moment."""
import multiprocessing
import os
import stat
from pathlib import Path

from peersurvey import config, create_app
from peersurvey import db as database
from peersurvey import migrations

WORKERS = 8
ROUNDS = 25


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def test_the_database_its_log_and_the_instance_folder_are_private(tmp_path, monkeypatch, app):
    path = app.config["DATABASE"]
    with app.app_context():
        database.get_db()["people"].insert({"name": "Siân", "created_at": "2026-01-01T00:00:00+00:00"})
        assert os.path.exists(path + "-wal") and os.path.exists(path + "-shm")
        for made in (path, path + "-wal", path + "-shm", app.config["SECRET_KEY"] and
                     os.path.join(app.instance_path, "secret_key")):
            assert mode(made) == 0o600, made
    assert mode(app.instance_path) == 0o700


def test_an_old_install_made_readable_by_everyone_is_made_private_when_it_starts(tmp_path, monkeypatch):
    instance = tmp_path / "instance"
    instance.mkdir()
    monkeypatch.setenv("PEERSURVEY_INSTANCE_PATH", str(instance))
    path = str(instance / "peersurvey.db")
    old = database.connect(path)     # kept open, so its -wal and -shm stay
    migrations.steps.apply(old)
    old["people"].insert({"name": "Siân", "created_at": "2026-01-01T00:00:00+00:00"})
    Path(path + ".bak").write_bytes(b"")
    files = (path, path + "-wal", path + "-shm", path + ".bak")
    for made in files:
        os.chmod(made, 0o644)
    os.chmod(instance, 0o755)
    try:
        create_app({"DATABASE": path})
        for made in files:
            assert mode(made) == 0o600, made
        assert mode(instance) == 0o700
    finally:
        old.close()


def test_the_copy_made_before_a_migration_is_private(tmp_path):
    path = str(tmp_path / "old.db")
    old = database.connect(path)
    migrations.steps.apply(old, stop_before=migrations.steps._migrations[-1].name)
    old["people"].insert({"name": "Siân", "created_at": "2026-01-01T00:00:00+00:00"})
    old.close()
    before = os.umask(0o022)     # as in a process that never started the app
    try:
        database.migrate(path)
    finally:
        os.umask(before)
    assert mode(path + ".bak") == 0o600


def test_a_whole_project_saved_from_the_command_line_is_private(runner, make, tmp_path):
    lead = make.lead()
    project = make.project(lead, "Better Lives")
    out = tmp_path / "project.zip"
    result = runner.invoke(args=["export-project", "--project", str(project), str(out)])
    assert result.exit_code == 0, result.output
    assert mode(out) == 0o600


def _start_at_once(folders, barrier, keys):
    """One process starting peersurvey for the first time, once per folder, at the same moment
    as the others."""
    for folder in folders:
        barrier.wait()
        keys.put((folder, config.secret_key(folder, environ={})))


def test_processes_starting_at_the_same_moment_all_read_the_same_whole_key(tmp_path):
    folders = [str(tmp_path / f"instance{n}") for n in range(ROUNDS)]
    barrier = multiprocessing.Barrier(WORKERS)
    keys = multiprocessing.Queue()
    workers = [multiprocessing.Process(target=_start_at_once, args=(folders, barrier, keys))
               for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    found = {}
    for _ in range(WORKERS * ROUNDS):
        folder, key = keys.get(timeout=60)
        found.setdefault(folder, []).append(key)
    for worker in workers:
        worker.join(timeout=30)
        assert worker.exitcode == 0
    for folder, seen in found.items():
        written = (Path(folder) / "secret_key").read_text()
        assert seen == [written] * WORKERS, f"{folder}: every process has the key in the file"
        assert len(written) == 64
        assert os.listdir(folder) == ["secret_key"], "no half-made file is left behind"
        assert mode(Path(folder) / "secret_key") == 0o600
