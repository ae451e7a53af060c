from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CHECK_IN_MISSING = _("This check-in link is incomplete. Scan the code on the facilitator's screen.")
