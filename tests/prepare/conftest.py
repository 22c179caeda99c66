"""Fixtures for the tests of the XLSForm importer (tests/prepare/test_xlsform_*.py)."""
import pytest
from flask import Flask
from flask_babel import Babel


@pytest.fixture(scope="module")
def lazy_message_app():
    """Just enough of an app to render lazy messages: the importer needs nothing more."""
    app = Flask(__name__)
    Babel(app)
    return app


@pytest.fixture
def render(lazy_message_app):
    """Lines as (sheet, row, sentence), rendered as a page would render them."""
    def render(lines):
        with lazy_message_app.test_request_context():
            rendered = [(line.sheet, line.row, str(line.message)) for line in lines]
        for _, _, sentence in rendered:
            assert "%(" not in sentence and sentence.rstrip().endswith("."), sentence
        return rendered
    return render
