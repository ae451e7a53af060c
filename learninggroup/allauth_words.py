"""Our own Korean for allauth's strings that read badly in its catalogue (machine-translated, or "패스워드" beside
"비밀번호"). Listed here so that `makemessages` keeps them in locale/ko; the project's catalogue is looked up before
allauth's, so these translations win. Never imported: the list exists for the extractor."""

from django.utils.translation import gettext_noop, ngettext_lazy

WORDS = [
    gettext_noop("Enter your password:"),
    gettext_noop("Authenticator secret"),
    gettext_noop("You can store this secret and use it to reinstall your authenticator app at a later time."),
    gettext_noop("Authentication using an authenticator app is active."),
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("Activate"),
    gettext_noop("Deactivate"),
    gettext_noop("Deactivate Authenticator App"),
    gettext_noop("You are about to deactivate authenticator app based authentication. Are you sure?"),
    gettext_noop("You are about to generate a new set of recovery codes for your account."),
    gettext_noop("This action will invalidate your existing codes. Are you sure?"),
    gettext_noop("A new set of recovery codes has been generated."),
    gettext_noop("Authenticator code"),
    gettext_noop("Confirm Access"),
    gettext_noop("Please reauthenticate to safeguard your account."),
    gettext_noop("Email Addresses"),
    gettext_noop("The following email addresses are associated with your account:"),
    gettext_noop("Make Primary"),
    gettext_noop("Re-send Verification"),
    gettext_noop("Add Email Address"),
    gettext_noop("Add Email"),
    ngettext_lazy(
        "There is %(unused_count)s out of %(total_count)s recovery codes available.",
        "There are %(unused_count)s out of %(total_count)s recovery codes available.",
        "unused_count",
    ),
]
