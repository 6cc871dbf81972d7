"""Reminder e-mails (locmem mail): once per person, the day before, with the .ics and the own link."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from spets.events.services import registrations
from spets.events.services.reminders import send_reminders


@pytest.fixture
def signed_up(anna, workshop, eva, olle, karin):
    registrations.register(anna, workshop.pk, eva.pk)
    registrations.register(anna, workshop.pk, olle.pk)
    registrations.register(anna, workshop.pk, karin.pk, waiting_list=True)


def test_nobody_is_reminded_a_week_ahead(signed_up):
    assert send_reminders() == 0
    assert mail.outbox == []


def test_the_day_before_each_registered_person_gets_one_reminder(signed_up, workshop, frozen_time):
    frozen_time.move_to(workshop.starts_at - datetime.timedelta(hours=20))
    assert send_reminders(base_url="https://spets.example") == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["eva@verkstaden.invalid", "olle@verkstaden.invalid"]
    message = mail.outbox[0]
    assert (
        message.subject == "[Spets] Påminnelse: Automation i små verkstäder"
    )  # Swedish, the programme's language
    assert "IUC Dalarna, Borlänge" in message.body
    assert "https://spets.example/events/r/" in message.body
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype == "text/calendar"
    assert "DTSTART:20250310T080000Z\r\n" in content
    assert send_reminders() == 0  # idempotent: a scheduler may run it every hour


def test_the_command_sends_the_reminders(signed_up, workshop, frozen_time, capsys):
    frozen_time.move_to(workshop.starts_at - datetime.timedelta(hours=2))
    call_command("events", "remind", "--hours", "3")
    assert "reminders sent: 2" in capsys.readouterr().out
    assert len(mail.outbox) == 2
    with pytest.raises(CommandError, match="--hours"):
        call_command("events", "remind", "--hours", "0")
