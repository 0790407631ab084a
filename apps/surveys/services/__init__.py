"""Every write of the surveys app; each checks the actor's capability, validates before
writing and records its audit event in the same transaction."""

from .follow_ups import (  # noqa: F401
    FOLLOW_UP_WORKFLOW,
    follow_up_create,
    follow_up_done,
    follow_up_progress,
    follow_up_update,
)
from .invitations import invitations_create, invitations_send  # noqa: F401
from .publication import (  # noqa: F401
    REPORT_FILE,
    publish_refusals,
    suggestions_review,
    survey_publish,
    survey_report_make,
    survey_report_store,
)
from .responses import response_record  # noqa: F401
from .surveys import (  # noqa: F401
    SURVEY_WORKFLOW,
    items_save,
    link_create,
    services_save,
    survey_close,
    survey_create,
    survey_open,
    survey_update,
    surveys_close_due,
)
