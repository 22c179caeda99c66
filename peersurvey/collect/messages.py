"""Every word the interview app's JavaScript shows, translated like the rest of the site.

The app fetches them once as /tablet/interview/messages.json ({"en": {...}, "cy": {...}})
and keeps them on the tablet, so it can switch language with no network. Placeholders
are `%(name)s` / `%(num)d`, filled in by the app. A count is a COUNTED message: the app
gets its form for each plural category (zero, one, two, few, many, other: Welsh uses all
six, "3 chyfweliad", "6 chyfweliad") and picks one with Intl.PluralRules (words.js `tn`).
"""
from flask_babel import force_locale, get_translations
from flask_babel import lazy_gettext as _l

from ..i18n import LANGUAGES

MESSAGES = {
    # The page around every screen
    "skip_link": _l("Skip to main content"),
    "language": _l("Language"),
    "loading": _l("Loading…"),

    # Not ready, and home
    "not_ready_title": _l("This tablet is not ready for interviews"),
    "not_ready_text": _l("Connect to the internet. Sign in on the tablet home page. "
                         "Then tap ‘Get ready for interviews’."),
    "not_ready_link": _l("Go to the tablet home page"),
    "home_title": _l("Interviews"),
    "home_project": _l("Project: %(project)s"),
    "tablet_home": _l("Tablet home page"),
    "sign_out": _l("Sign out"),
    "signed_out_title": _l("You have signed out"),
    "signed_out_text": _l("Your interviews are safe on this tablet. The next person can sign in now."),
    "signed_out_next": _l("Next person: sign in"),
    "persist_refused": _l("This tablet might delete saved interviews if it runs out of space. "
                          "Send your interviews as soon as you can."),
    "questionnaires_heading": _l("Questionnaires ready"),
    "no_questionnaires": _l("There is no questionnaire on this tablet. When your project lead "
                            "has published one, go to the tablet home page and get ready again."),
    "start_interview": _l("Start an interview"),
    "in_progress_heading": _l("Interviews not finished"),
    "in_progress_item": _l("Interview %(code)s, started %(time)s"),
    "carry_on": _l("Carry on"),
    "outbox_heading": _l("Waiting to send"),
    "outbox_0": _l("No interviews are waiting to send."),
    "send_now": _l("Send now"),
    "save_file": _l("Save what is waiting to a file"),
    "save_file_hint": _l("If this tablet cannot get online, save the file and give it to your "
                         "project lead. They can send it for you."),
    "file_saved": _l("The file is saved in the tablet’s Downloads."),
    "sending": _l("Sending… %(num)d left to send."),
    "sent_all": _l("Everything is sent."),
    "sending_sound": _l("Sending recordings…"),
    "sound_later": _l("Some recordings are still to send. We will try again later."),
    "sync_offline": _l("No internet. We will send them when there is a connection."),
    "sync_server": _l("The server could not take the interviews just now. "
                      "We will try again later."),
    "sync_busy": _l("The server is very busy just now. Your interviews are safe on this tablet. "
                    "We will send them later."),
    "sync_some_refused": _l("The server did not take some interviews. They are listed below."),
    "refused_heading": _l("Interviews the server did not take"),
    "refused_help": _l("These are still on this tablet. Each one says why it was not taken, "
                       "and what to do."),
    "refused_item": _l("Interview %(code)s"),
    "refused_no_reason": _l("The server did not say why. Ask your project lead."),
    "try_again": _l("Try again"),
    "too_big": _l("This interview is too big to send over the network. Tap ‘Save what is waiting "
                  "to a file’ and give the file to your project lead."),
    "withdrawn_nothing_to_do": _l("You do not need to do anything."),
    "withdrawn_ok": _l("OK"),

    # Starting, and consent
    "start_title": _l("A new interview"),
    "card_heading": _l("Has the person got a card with a code?"),
    "card_label": _l("Type the code from their card"),
    "card_hint": _l("It has 6 letters and numbers."),
    "card_use": _l("Use the code from the card"),
    "card_empty": _l("Type the code from the card first."),
    "card_lookalike": _l("Codes never use the letters O, I or L, or the numbers 0 or 1. "
                         "Look at the card again and type the code."),
    "card_wrong": _l("A code from a card has 6 letters and numbers. Look at the card again "
                     "and type the code."),
    "scan_button": _l("Scan the card"),
    "scan_title": _l("Scan the card"),
    "scan_hint": _l("Hold the card’s square code in front of the camera."),
    "scan_starting": _l("Starting the camera…"),
    "scan_not_card": _l("This is not a participant card. Scan the card’s square code, or type the code."),
    "scan_refused": _l("The tablet did not let the app use the camera. Type the code from the card instead."),
    "scan_missing": _l("The camera did not start. Type the code from the card instead."),
    "scan_cancel": _l("Cancel"),
    "no_card_heading": _l("No card?"),
    "no_card_next": _l("Use this new code"),
    "code_intro": _l("The code for this interview is:"),
    "code_hint": _l("Write this code down. We never write down the person’s name."),
    "code_label": _l("Interview code:"),
    "cancel_start": _l("Do not start this interview"),
    "consent_title": _l("Before we start"),
    "consent_point": _l("Point %(num)d of %(total)d"),
    "consent_question": _l("Do you want to take part?"),
    "consent_yes": _l("Yes, I do"),
    "consent_no": _l("No, I do not"),
    "share_title": _l("Your words on posters"),
    "share_yes": _l("Yes, you can use my words"),
    "share_no": _l("No, do not use my words"),
    "share_check": _l("Can we use your words on posters?"),
    "share_none": _l("Not answered yet. We will not use their words unless they say yes."),
    "voice_title": _l("Recording your voice"),
    "voice_why": _l("We would like to record what you say. Then we can write down your words properly."),
    "voice_safe": _l("Only the group doing this research will listen to it."),
    "voice_question": _l("Can we record your voice?"),
    "voice_yes": _l("Yes, you can record my voice"),
    "voice_no": _l("No, do not record my voice"),

    # One question
    "progress": _l("Question %(number)d of %(total)d"),
    "read_aloud": _l("Read aloud"),
    "no_voice": _l("There is no voice for this language on this tablet, and no recording yet. "
                   "Ask your project lead."),
    "choose_more": _l("You can choose more than one."),
    "dream_hint": _l("Choose all the pictures they like. Then tap ‘Next’."),
    "dream_prompt": _l("Tell me more about this: %(option)s"),
    "dream_progress": _l("Picture %(number)d of %(total)d"),
    "skip": _l("I don't want to say"),
    "dont_know": _l("I don't know"),
    "note_title": _l("For the interviewer"),
    "their_words": _l("Their answer, in their words"),
    "their_answer": _l("Their answer"),
    "number_whole": _l("Type a whole number, like 25."),
    "number_range": _l("Type a whole number from %(min)s to %(max)s."),
    "number_min": _l("Type a whole number: %(min)s or more."),
    "number_max": _l("Type a whole number: %(max)s or less."),
    "back": _l("Back"),
    "next": _l("Next"),
    # The recorder, on a question that can be answered aloud (recorder.js)
    "type_too": _l("You can type their answer too"),
    "record_title": _l("Record their answer"),
    "record_hint": _l("Tap ‘Record’. Let them talk. Tap ‘Stop recording’ when they have finished."),
    "record": _l("Record"),
    "record_starting": _l("Starting the microphone…"),
    "record_started": _l("Recording."),
    "record_time": _l("Recording: %(time)s"),
    "record_sound": _l("Sound is coming in."),
    "record_no_sound": _l("No sound yet. Hold the tablet near them."),
    "record_stop": _l("Stop recording"),
    "record_saved": _l("The recording is kept on this tablet."),
    "record_nothing": _l("Nothing was recorded. Tap ‘Record’ to try again."),
    "record_kept": _l("Recording kept. It is %(time)s long."),
    "record_player": _l("Their recording"),
    "record_player_about": _l("Their recording about: %(option)s"),
    "record_again": _l("Record again"),
    "record_again_ask": _l("Record again? The recording you have now will be deleted."),
    "record_again_yes": _l("Yes, record again"),
    "record_again_no": _l("No, keep the recording"),
    "record_delete": _l("Delete the recording"),
    "record_delete_ask": _l("Delete this recording? You cannot get it back."),
    "record_delete_yes": _l("Yes, delete the recording"),
    "record_delete_no": _l("No, keep the recording"),
    "record_deleted": _l("The recording is deleted."),
    "record_no_microphone": _l("The tablet did not let the app use the microphone. "
                               "Type their answer instead."),

    # Check, finish, thank you
    "check_title": _l("Check your answers"),
    "check_intro": _l("These are your answers. You can change any of them, or take any of them out."),
    "check_none": _l("There are no answers to check."),
    "nothing_said": _l("Nothing written."),
    "change": _l("Change"),
    "take_out": _l("Take this answer out"),
    "take_out_confirm": _l("Take out the answer to “%(question)s”? It will not be sent."),
    "take_out_also": _l("This also takes out the answers to these questions:"),
    "take_out_yes": _l("Yes, take it out"),
    "take_out_no": _l("No, keep it"),
    "taken_out": _l("The answer is taken out."),
    "finish": _l("Finish"),
    "finish_problem": _l("Please change your answer to “%(question)s” before you finish."),
    # Stop, on every interview screen (stop.js)
    "stop": _l("Stop"),
    "stop_title": _l("Do you want to stop?"),
    "stop_text": _l("You can stop at any time. What do you want to do?"),
    "stop_keep": _l("Keep it to finish later"),
    "stop_delete": _l("Delete it"),
    "stop_back": _l("Go back to the interview"),
    "stop_kept": _l("The interview is kept on this tablet. Tap ‘Carry on’ to finish it."),
    "delete_title": _l("Delete this interview?"),
    "delete_text": _l("All its answers will be gone from this tablet. You cannot get them back."),
    "delete_yes": _l("Delete the interview"),
    "delete_no": _l("Keep the interview"),
    "stop_deleted": _l("The interview is deleted."),

    "thanks_title": _l("Thank you"),
    "thanks_code_label": _l("Your code"),
    "thanks_code_text": _l("This is your code. If you change your mind about your answers, "
                           "tell %(group)s this code. We will take your answers out."),
    "thanks_text": _l("The interview is saved on this tablet. It will be sent when there is internet."),
    "thanks_no_consent": _l("That is fine. We will not ask you any questions. Thank you for your time."),
    "back_home": _l("Back to the start"),
}

# What "Get ready" on the tablet home page says (given to getready.js by the page itself).
GET_READY = {
    "getready_saving_app": _l("Saving the interview app on this tablet…"),
    "getready_questionnaires": _l("Getting the questionnaires…"),
    "getready_files": _l("Saving pictures and recordings: %(done)s of %(total)s"),
    "getready_offline": _l("There is no internet. Connect the tablet to Wi-Fi. "
                           "Then tap ‘Get ready for interviews’ again."),
    "getready_server": _l("Something went wrong on the server. Try again in a few minutes. "
                          "If it keeps happening, tell your project lead."),
    "getready_none": _l("There is no questionnaire ready yet. Ask your project lead to publish "
                        "one. Then get ready again."),
    "getready_unsupported": _l("This browser cannot keep the interview app for use with no internet. "
                               "Ask your project lead: the site must have an address that starts "
                               "with https."),
    "getready_files_failed": _l("Some pictures or recordings could not be saved. "
                                "Tap ‘Get ready for interviews’ again."),
    "getready_no_voice": _l("This tablet has no voice for some languages, so Read aloud can only "
                            "play your group's recordings in them. Words with no recording:"),
    "getready_no_voice_en": _l("In English: %(num)s"),
    "getready_no_voice_cy": _l("In Welsh: %(num)s"),
    "getready_no_voice_which": _l("See which words"),
    "getready_no_voice_ask": _l("Ask your project lead to record them: on each question, on the "
                                "consent page, and on ‘Our voices’."),
    "getready_space": _l("This tablet has space for about %(num)s minutes of recorded answers."),
    "getready_space_low": _l("Send the interviews and recordings that are waiting, so there is "
                             "more space."),
    "persist_refused": MESSAGES["persist_refused"],
}

# What the shell says before (or without) its JavaScript: shown in every language at once.
SHELL_NOTICES = {
    "load_failed": _l("The interview app could not start. Connect to the internet, sign in on "
                      "the tablet home page and tap ‘Get ready for interviews’."),
    "noscript": _l("The interview app needs JavaScript. Turn JavaScript on in the browser’s "
                   "settings."),
}




def _counted(singular, plural):
    """Marks a counted message for `make translations-extract` (its -k _counted:1,2)."""
    return singular, plural


COUNTED = {
    "recordings_waiting": _counted("%(num)d recording is still to send.",
                                   "%(num)d recordings are still to send."),
    "outbox": _counted("%(num)d interview is waiting to send.", "%(num)d interviews are waiting to send."),
    "withdrawn": _counted(
        "%(num)d interview was deleted from this tablet, because the person asked to be taken out "
        "of the research.",
        "%(num)d interviews were deleted from this tablet, because the people asked to be taken "
        "out of the research."),
}

# A number in each plural category (CLDR) that Welsh or English has: the catalogue's own
# plural rule picks the form for it, so the app gets every form the translator wrote.
SAMPLES = {"zero": 0, "one": 1, "two": 2, "few": 3, "many": 6, "other": 7}


def counted_forms(language):
    """{key: {category: text with %(num)d}} in one language."""
    with force_locale(language):
        translations = get_translations()
        return {key: {category: translations.ngettext(singular, plural, n)
                      for category, n in SAMPLES.items()}
                for key, (singular, plural) in COUNTED.items()}


def rendered(table, language):
    with force_locale(language):
        return {key: str(text) for key, text in table.items()}


def all_messages():
    """MESSAGES in every language: {"en": {key: text}, "cy": {key: text}}."""
    return {code: {**rendered(MESSAGES, code), **counted_forms(code)} for code in LANGUAGES}
