"""Words labelled with the language they were said or written in, for posters and the
booklet: a quote or note in the other language says so, and is never passed off as a
translation. Call inside force_locale(the poster's language)."""
from flask_babel import gettext as _


def quoted(quote, language):
    """A quote in quotation marks; one given in another language says which, so it is never
    taken for a translation (whole messages: Welsh cannot be glued from fragments)."""
    if quote["language"] == language or quote["language"] not in ("en", "cy"):
        return _("“%(words)s”", words=quote["words"])
    if quote["language"] == "cy":
        return _("“%(words)s” (in Welsh)", words=quote["words"])
    return _("“%(words)s” (in English)", words=quote["words"])


def with_language(text, given_in, language):
    """The lead's own words, labelled when they are in the other language (not translated)."""
    if given_in == language or given_in not in ("en", "cy"):
        return text
    return f"{text} {_('(in Welsh)') if given_in == 'cy' else _('(in English)')}"
