"""Counts kept up to date as answers and codings change, so the dashboard and the theme
chart read a few rows instead of counting a million answers after every tap.

Tables (made by migration m018_kept_counts, which calls `install`)
  kept_theme_counts     per theme: people (interviews with an answer given it by the
                        group) and mentions (answers given it by the group)
  kept_theme_people     per theme and interview: how many of its answers have the theme;
                        what tells "a new person" from "the same person again"
  kept_question_counts  per project, question key and answer status: answers, and how
                        many of them have at least one group theme

Triggers keep them, in the same transaction as the write that changes what they count. So
they are right whoever writes (any thread or process, a tap, undo, a merge, withdrawal,
a whole project imported, a script with plain sqlite3), readers see them and the codings
in one snapshot, and a write rolled back takes its counts back with it. Only the group's
codings count (owner 0), as everywhere in findings.

What the triggers rely on, and the schema makes sure of: a coding's answer exists while it
does (foreign keys, on in every connection the app opens); answers never move between
interviews, nor interviews between projects (triggers below refuse it). An answer is
counted while it and its interview both exist, whichever came first. No code writes these
tables with INSERT OR REPLACE: the rows it would replace leave without their delete
triggers (SQLite fires them only with recursive_triggers).

Shipped schema: change what `install` makes only with a new migration step.
"""
import sqlite3

TABLES = """
create table kept_theme_counts (
  theme_id integer primary key, people integer not null default 0, mentions integer not null default 0);
create table kept_theme_people (
  theme_id integer not null, interview_id text not null, mentions integer not null,
  primary key (theme_id, interview_id)) without rowid;
create table kept_question_counts (
  project_id integer not null, question text not null, status text not null,
  answers integer not null default 0, coded integer not null default 0,
  primary key (project_id, question, status)) without rowid;
"""

_INTERVIEW_OF = "(select interview_id from answers where id = {x}.answer_id)"
_QUESTION_ROW = """project_id = (select i.project_id from answers a join interviews i on i.id = a.interview_id
                                where a.id = {x}.answer_id)
                   and (question, status) = (select question, status from answers where id = {x}.answer_id)"""
_GROUP_CODINGS = "(select count(*) from codings where answer_id = {x}.answer_id and owner = 0)"


def _add_coding(x, first):
    """A group coding `x` now counts; `first` is true when it is its answer's first."""
    return f"""
  insert or ignore into kept_theme_counts (theme_id) select {x}.theme_id where {x}.owner = 0;
  update kept_theme_counts set mentions = mentions + 1, people = people + not exists (
      select 1 from kept_theme_people where theme_id = {x}.theme_id and interview_id = {_INTERVIEW_OF})
    where theme_id = {x}.theme_id and {x}.owner = 0 and {_INTERVIEW_OF} is not null;
  insert into kept_theme_people (theme_id, interview_id, mentions)
    select {x}.theme_id, interview_id, 1 from answers where id = {x}.answer_id and {x}.owner = 0
    on conflict (theme_id, interview_id) do update set mentions = mentions + 1;
  update kept_question_counts set coded = coded + 1 where {x}.owner = 0 and ({first}) and {_QUESTION_ROW};
""".format(x=x)


def _remove_coding(x, last):
    """A group coding `x` no longer counts; `last` is true when its answer has no other."""
    return f"""
  update kept_theme_counts set mentions = mentions - 1, people = people - coalesce((
      select mentions = 1 from kept_theme_people where theme_id = {x}.theme_id and interview_id = {_INTERVIEW_OF}), 0)
    where theme_id = {x}.theme_id and {x}.owner = 0 and {_INTERVIEW_OF} is not null;
  update kept_theme_people set mentions = mentions - 1
    where theme_id = {x}.theme_id and interview_id = {_INTERVIEW_OF} and {x}.owner = 0;
  delete from kept_theme_people where theme_id = {x}.theme_id and interview_id = {_INTERVIEW_OF} and mentions = 0;
  update kept_question_counts set coded = coded - 1 where {x}.owner = 0 and ({last}) and {_QUESTION_ROW};
""".format(x=x)


def _answer(x, sign):
    """Answer `x` starts (+) or stops (-) counting, if its interview is there: one upsert,
    as this runs for every answer a tablet sends."""
    return f"""
  insert into kept_question_counts (project_id, question, status, answers, coded)
    select project_id, {x}.question, {x}.status, {sign}1,
           {sign}exists (select 1 from codings where answer_id = {x}.id and owner = 0)
    from interviews where id = {x}.interview_id
    on conflict (project_id, question, status) do update
    set answers = answers + excluded.answers, coded = coded + excluded.coded;
"""


# An interview's answers that arrived before it (a file, a script) start counting with it,
# and those still there when it goes stop (withdrawal deletes the answers first).
_ANSWERS_OF_INTERVIEW = """select question, status, count(*) as answers,
       sum(exists (select 1 from codings c where c.answer_id = a.id and c.owner = 0)) as coded
       from answers a where a.interview_id = {x}.id group by question, status"""

TRIGGERS = f"""
create trigger kept_codings_insert after insert on codings when new.owner = 0 begin
  {_add_coding("new", _GROUP_CODINGS.format(x="new") + " = 1")}
end;
create trigger kept_codings_delete after delete on codings when old.owner = 0 begin
  {_remove_coding("old", _GROUP_CODINGS.format(x="old") + " = 0")}
end;
-- After the update the old row is gone and the new one there: "last" leaves the new one
-- out when it is the same answer's group coding.
create trigger kept_codings_update after update of answer_id, theme_id, owner on codings
when old.owner = 0 or new.owner = 0 begin
  {_remove_coding("old", _GROUP_CODINGS.format(x="old") + " - (new.owner = 0 and new.answer_id = old.answer_id) = 0")}
  {_add_coding("new", _GROUP_CODINGS.format(x="new") + " = 1")}
end;
create trigger kept_answers_insert after insert on answers begin
  {_answer("new", "")}
end;
create trigger kept_answers_delete after delete on answers begin
  {_answer("old", "-")}
end;
create trigger kept_answers_update after update of question, status on answers begin
  {_answer("old", "-")}
  {_answer("new", "")}
end;
create trigger kept_answers_stay before update of interview_id on answers
when new.interview_id is not old.interview_id begin
  select raise(abort, 'an answer stays in its interview');
end;
create trigger kept_interviews_insert after insert on interviews begin
  insert into kept_question_counts (project_id, question, status, answers, coded)
    select new.project_id, question, status, answers, coded from ({_ANSWERS_OF_INTERVIEW.format(x="new")}) where true
    on conflict (project_id, question, status) do update
    set answers = answers + excluded.answers, coded = coded + excluded.coded;
end;
create trigger kept_interviews_delete after delete on interviews begin
  update kept_question_counts set
      answers = answers - (select answers from ({_ANSWERS_OF_INTERVIEW.format(x="old")}) g
                           where g.question = kept_question_counts.question and g.status = kept_question_counts.status),
      coded = coded - (select coded from ({_ANSWERS_OF_INTERVIEW.format(x="old")}) g
                       where g.question = kept_question_counts.question and g.status = kept_question_counts.status)
    where project_id = old.project_id and exists (select 1 from answers a where a.interview_id = old.id
      and a.question = kept_question_counts.question and a.status = kept_question_counts.status);
end;
create trigger kept_interviews_stay before update of project_id on interviews
when new.project_id is not old.project_id begin
  select raise(abort, 'an interview stays in its project');
end;
create trigger kept_themes_delete after delete on themes begin
  delete from kept_theme_counts where theme_id = old.id;
  delete from kept_theme_people where theme_id = old.id;
end;
"""

# What each table holds, counted afresh from the rows themselves: the back-fill, and what
# the tests compare the kept counts with. Rows of nothing but zeros are left out.
RECOUNT = {
    "kept_theme_people": """select c.theme_id, a.interview_id, count(*) as mentions
                            from codings c join answers a on a.id = c.answer_id
                            where c.owner = 0 group by c.theme_id, a.interview_id""",
    "kept_theme_counts": """select c.theme_id, count(distinct a.interview_id) as people, count(*) as mentions
                            from codings c join answers a on a.id = c.answer_id
                            where c.owner = 0 group by c.theme_id""",
    "kept_question_counts": """select i.project_id, a.question, a.status, count(*) as answers,
                               sum(exists (select 1 from codings c where c.answer_id = a.id and c.owner = 0)) as coded
                               from answers a join interviews i on i.id = a.interview_id
                               group by i.project_id, a.question, a.status""",
}
_NOT_ZERO = {"kept_theme_people": "mentions != 0", "kept_theme_counts": "people != 0 or mentions != 0",
             "kept_question_counts": "answers != 0 or coded != 0"}


def install(db):
    """Make the tables and triggers, and fill the tables from what is already stored."""
    # Statement by statement: executescript would commit the migration's transaction.
    statement = ""
    for line in (TABLES + TRIGGERS).splitlines(keepends=True):
        statement += line
        if statement.strip() and sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""
    recount(db)


def recount(db):
    """Count every kept table afresh from the rows (a back-fill, or a repair)."""
    for table, sql in RECOUNT.items():
        db.execute(f"delete from {table}")
        db.execute(f"insert into {table} {sql}")


def differences(db):
    """{table: (rows kept but not recounted, rows recounted but not kept)}, for tables
    where the kept counts differ from a fresh count; {} when every count is right."""
    found = {}
    for table, sql in RECOUNT.items():
        kept = set(db.execute(f"select * from {table} where {_NOT_ZERO[table]}").fetchall())
        fresh = set(db.execute(sql).fetchall())
        if kept != fresh:
            found[table] = (sorted(kept - fresh), sorted(fresh - kept))
    return found
