"""Writes of the identification (``identification``: opening, the unit's information and
the workflow), of its service users (``service_users``) and of its report PDF
(``report``)."""

from .identification import (
    IDENTIFICATION_WORKFLOW,
    NOTE_MAX,
    OPEN_STAGES,
    PERCENT_FIELDS,
    REQUIREMENT_NOTE_MAX,
    YES_NO_FIELDS,
    Outcome,
    identification_decide,
    identification_open,
    identification_submit,
    identification_update,
    service_user_count,
)
from .report import REPORT_FILE, identification_report_make, identification_report_store
from .service_users import (
    IMPORT_COLUMN,
    SERVICE_USER_FIELDS,
    service_user_add,
    service_user_import,
    service_user_remove,
)

__all__ = [
    "IDENTIFICATION_WORKFLOW",
    "IMPORT_COLUMN",
    "NOTE_MAX",
    "OPEN_STAGES",
    "PERCENT_FIELDS",
    "REPORT_FILE",
    "REQUIREMENT_NOTE_MAX",
    "SERVICE_USER_FIELDS",
    "YES_NO_FIELDS",
    "Outcome",
    "identification_decide",
    "identification_open",
    "identification_report_make",
    "identification_report_store",
    "identification_submit",
    "identification_update",
    "service_user_add",
    "service_user_count",
    "service_user_import",
    "service_user_remove",
]
