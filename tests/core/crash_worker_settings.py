"""Settings of the real Celery worker that tests/core/test_worker_crash.py starts and kills.

The test settings, with what the test controls: the queue of the test process, a short
visibility timeout (and a restore sweep every second, so a redelivery is seen within
seconds instead of the production ~100 s), a short outbox claim, and e-mail written to
files that the test counts.
"""

import os

from zi_portal.settings.test import *  # noqa: F403

CELERY_TASK_DEFAULT_QUEUE = os.environ["ZI_CRASH_QUEUE"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": int(os.environ["ZI_CRASH_VISIBILITY_TIMEOUT"]),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
OUTBOX_CLAIM_SECONDS = int(os.environ["ZI_CRASH_CLAIM_SECONDS"])
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["ZI_CRASH_MAIL_DIR"]
