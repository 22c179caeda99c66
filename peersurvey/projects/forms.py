from flask_babel import lazy_gettext as _l

from ..forms import BaseForm, name_field


class ProjectForm(BaseForm):
    name = name_field(_l("Project name"), _l("Type a name for the project."))
