from allauth.account.adapter import DefaultAccountAdapter
from django import forms

from . import loginlimits


class AccountAdapter(DefaultAccountAdapter):
    """Accounts come from a cohort's roster by invitation; nobody signs up alone.

    Failed log-ins are limited per account and address together with a growing delay (see loginlimits);
    allauth's own ``login`` and ``login_failed`` limits are off (ACCOUNT_RATE_LIMITS): the first takes a cache
    lock per address (contended behind one NAT), the second locks an account from anywhere.
    """

    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_authenticate(self, request, **credentials) -> None:
        address = self.get_client_ip(request)
        attempts = loginlimits.count_attempt(address=address)
        wait = loginlimits.seconds_to_wait(email=credentials.get("email", ""), address=address, attempts=attempts)
        if wait:
            raise forms.ValidationError(loginlimits.wait_message(wait), code="too_many_login_attempts")

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        if user is not None:
            loginlimits.record_success(email=credentials.get("email", ""), address=self.get_client_ip(request))
        return user

    def authentication_failed(self, request, **credentials) -> None:
        loginlimits.record_failure(email=credentials.get("email", ""), address=self.get_client_ip(request))

    def _delete_login_attempts_cached_email(self, request, **credentials) -> None:
        # After a password reset by e-mail, the person's own address starts afresh.
        loginlimits.record_success(email=credentials.get("email", ""), address=self.get_client_ip(request))
