"""The front door, and the page that credits the pictures we use."""
from flask import Blueprint, g, redirect, render_template, url_for

from .access import allow

bp = Blueprint("home", __name__)


@bp.route("/")
@allow("anyone")
def index():
    if g.signed_in_with == "password":
        return redirect(url_for("projects.index"))
    if g.signed_in_with == "pin":
        return redirect(url_for("tablet.home"))
    return render_template("home/index.html")


@bp.route("/pictures")
@allow("anyone")
def pictures():
    return render_template("home/pictures.html")
