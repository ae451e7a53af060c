"""Settings of the real worker the kill test starts: the project's, with mail written to files slowly.

The mail server is the outside world: here a folder (``KILL_TEST_MAIL_DIR``) where each accepted message is
appended and flushed, a few milliseconds per message, so a SIGKILL can land in the middle of a batch.
"""

import os

from learninggroup.settings import *  # noqa: F403

EMAIL_BACKEND = "tests.notifications.slow_file_backend.EmailBackend"
EMAIL_FILE_PATH = os.environ["KILL_TEST_MAIL_DIR"]
DEBUG = False
