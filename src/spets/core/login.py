"""Log-in and password reset with throttling (spets.core.throttle); wired in spets/urls.py."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.contrib.auth.views import LoginView, PasswordResetView
from django.core.exceptions import ValidationError

from spets.core import throttle


class ThrottledAuthenticationForm(AuthenticationForm):
    """Log-in that counts failed passwords per account and per client address (spets.core.throttle):
    a locked account or address is refused with a message saying for how long, before the password is
    checked, so guessing on stops teaching anything."""

    throttled = ""  # the lock-out message, which the log-in page shows instead of "did not match"

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = throttle.client_address(self.request) if self.request else "unknown"
        if throttle.LOGIN_PER_IP.blocked(address):
            minutes = throttle.minutes_left(throttle.LOGIN_PER_IP, address)
            self.throttled = throttle.address_blocked_message(minutes)
            raise ValidationError(self.throttled, code="throttled")
        if username and throttle.LOGIN_PER_ACCOUNT.blocked(username):
            minutes = throttle.minutes_left(throttle.LOGIN_PER_ACCOUNT, username)
            self.throttled = throttle.login_locked_message(minutes)
            raise ValidationError(self.throttled, code="locked")
        try:
            return super().clean()
        except ValidationError:
            throttle.LOGIN_PER_IP.hit(address)
            if username:
                throttle.LOGIN_PER_ACCOUNT.hit(username)
            raise


class ThrottledPasswordResetForm(PasswordResetForm):
    """Password reset with at most a few e-mails per address and requests per client an hour. Over the
    e-mail limit nothing is sent but the page answers as usual (it never tells whether an account exists);
    over the client limit the form says to wait."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def send_mail(self, *args, **kwargs):
        to_email = args[4] if len(args) > 4 else kwargs.get("to_email", "")
        if throttle.RESET_PER_EMAIL.blocked(to_email):
            return
        throttle.RESET_PER_EMAIL.hit(to_email)
        super().send_mail(*args, **kwargs)


class ThrottledPasswordResetView(PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        address = throttle.client_address(self.request)
        if throttle.RESET_PER_IP.blocked(address):
            minutes = throttle.minutes_left(throttle.RESET_PER_IP, address)
            form.add_error(None, throttle.address_blocked_message(minutes))
            return self.form_invalid(form)
        throttle.RESET_PER_IP.hit(address)
        return super().form_valid(form)


login_view = LoginView.as_view(authentication_form=ThrottledAuthenticationForm)
password_reset_view = ThrottledPasswordResetView.as_view()
