"""(being written)"""
from flask import Blueprint

bp = Blueprint("actions", __name__, url_prefix="/projects/<int:project_id>/you-said-we-did")
