"""The schema, as ordered steps. Never edit a step once it has shipped: add a new one, at the
end of m010_onwards.py (once that passes 400 lines, end its name at the last step it holds,
as m001_to_m009.py, and start a new module, imported last here: steps run in the order
they are defined).

Tables
  people       everyone: leads (email + password), interviewers and coders (PIN)
  projects     one piece of research
  memberships  who holds which role in which project (a person can hold several)
  devices      tablets registered to a project; only a hash of each token is kept
  audit_log    who changed what in project setup, and when
  questionnaires, questionnaire_versions   a questionnaire and its versions (JSON documents)
  media        pictures and voice recordings uploaded to a project
  easyread_words  hard words a lead adds to the easy-read check
  interviews, answers   what tablets sent: one row per interview and per answer (listed by
                        project and datetime(started_at), the time in UTC)
  themes, theme_history   the project's codebook, and every change made to a theme
  coding_sessions, session_items   a coding session and the answers it goes through
  codings      a theme given to an answer: by the group (owner 0) or by one coder on their own
  votes        the themes each joined person thinks fit, in a group session
  coding_log   every tag, vote and untag, with who and when: the audit and the undo list
  quotes       answers marked as good quotes for posters
  theme_actions  "you said, we did": what is being done about each theme
  share_links  read-only links to share findings, revocable
  withdrawals, withdrawn_interviews   SHA-256 of participant codes and interview ids withdrawn (never answers)
  device_people  who has signed in with a PIN on which tablet (a tablet sends only their interviews)
  sync_refusals  interviews the server refused: tablet, when, why (never answers); the lead fixes the cause
  lockouts     wrong PINs or passwords in a row, per person, per way of signing in and per place
  try_limits   wrong sign-in tries per network address and per tablet, in a window of time
  signins      who is signed in where: a sign-out or a new password ends them on the server
  pairing_codes  SHA-256 of the short codes that pair a tablet: once, within 15 minutes
  answer_versions  every version of an answer's words (typed up, corrected), with who and when
  recordings   answers' recordings: announced in a sync, sent in parts, checked, then in media
  withdrawn_recordings  SHA-256 of recording ids of withdrawn interviews
  work_entries  work each peer researcher did (suggested from interviews, sessions, writing; or added)
  session_attendance  who was in each coding session, from joining until last seen
  pay_rates, pay_choices, pay_claims   rates in pence from a date; money, vouchers or volunteer;
                        what a lead approved for a person and period, and how it was paid
  kept_theme_counts, kept_theme_people, kept_question_counts   counts for findings, kept by
                        triggers as answers and codings change (findings/kept_counts.py)
"""
import sqlite_utils

steps = sqlite_utils.Migrations("peersurvey")

# Each module adds its steps to `steps` as it is imported, so the order here is their order.
from . import m001_to_m009, m010_onwards  # noqa: E402, F401
