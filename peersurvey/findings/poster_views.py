"""(being written)"""
from flask import Blueprint

bp = Blueprint("posters", __name__, url_prefix="/projects/<int:project_id>/posters")
