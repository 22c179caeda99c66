"""(being written)"""
from flask import Blueprint

bp = Blueprint("exports", __name__, url_prefix="/projects/<int:project_id>/exports")
