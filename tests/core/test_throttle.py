"""Throttling: 30 wrong passwords lock the account (Swedish message, even with the right password after),
failures are counted per account and per address, password-reset e-mails are capped per address and
requests per client, and unknown API tokens from one address are answered 429 after the limit."""

from __future__ import annotations

import datetime

import time_machine
from django.core import mail
from django.utils import timezone

from spets.core import throttle
from spets.core.models import ApiToken


def log_in(client, username, password, address="10.0.0.1"):
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address)


def test_thirty_wrong_passwords_lock_the_account_with_a_swedish_message(client, anna):
    for _attempt in range(30):
        response = log_in(client, "anna", "wrong")
        assert response.status_code == 200
    response = log_in(client, "anna", "secret-pass-123")
    text = response.content.decode()
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "Kontot är låst" in text and "minuter" in text


def test_the_lock_ends_with_its_window(client, anna):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _attempt in range(30):
            log_in(client, "anna", "wrong")
        clock.shift(datetime.timedelta(minutes=61))
        response = log_in(client, "anna", "secret-pass-123")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(anna.pk)


def test_a_lock_is_per_account_and_a_colleague_still_logs_in(client, anna, bertil):
    for _attempt in range(30):
        log_in(client, "anna", "wrong")
    response = log_in(client, "bertil", "secret-pass-123")
    assert response.status_code == 302


def test_many_failures_from_one_address_block_that_address(client, anna, monkeypatch):
    monkeypatch.setattr(throttle, "LOGIN_PER_IP", throttle.Limit("login-ip", 5, throttle.HOUR))
    for number in range(5):
        log_in(client, f"nobody{number}", "wrong", address="10.0.0.9")
    blocked = log_in(client, "anna", "secret-pass-123", address="10.0.0.9")
    assert "För många försök från ditt nätverk" in blocked.content.decode()
    assert log_in(client, "anna", "secret-pass-123", address="10.0.0.10").status_code == 302


def test_password_reset_sends_at_most_three_mails_an_hour_to_one_address(client, anna):
    for _attempt in range(20):
        response = client.post("/password-reset/", {"email": anna.email}, REMOTE_ADDR=f"10.1.0.{_attempt}")
        assert response.status_code == 302  # the same answer every time: nothing told about the limit
    assert len(mail.outbox) == 3


def test_password_reset_requests_from_one_client_are_limited_with_a_swedish_message(client, anna):
    for _attempt in range(10):
        client.post("/password-reset/", {"email": f"x{_attempt}@example.invalid"}, REMOTE_ADDR="10.2.0.1")
    response = client.post("/password-reset/", {"email": anna.email}, REMOTE_ADDR="10.2.0.1")
    assert response.status_code == 200 and "För många försök" in response.content.decode()
    assert not mail.outbox


def test_unknown_api_tokens_from_one_address_are_answered_429_in_json(client, anna, monkeypatch):
    monkeypatch.setattr(throttle, "API_TOKEN_PER_IP", throttle.Limit("api-token-ip", 3, throttle.HOUR))
    good = ApiToken.issue(anna)[1]
    for _attempt in range(3):
        response = client.get("/api/core/me", HTTP_AUTHORIZATION="Bearer spets_guess", REMOTE_ADDR="10.3.0.1")
        assert response.status_code == 401
    response = client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.3.0.1")
    assert response.status_code == 429 and "Försök igen senare" in response.json()["detail"]
    assert "Retry-After" in response
    other = client.get("/api/core/me", HTTP_AUTHORIZATION=f"Bearer {good}", REMOTE_ADDR="10.3.0.2")
    assert other.status_code == 200
