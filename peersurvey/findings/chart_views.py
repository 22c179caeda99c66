"""(being written)"""
from flask import Blueprint

bp = Blueprint("findings", __name__, url_prefix="/projects/<int:project_id>/findings")
