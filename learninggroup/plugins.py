"""Plug points: registries in the root that feature apps fill in, so that the root imports no feature.

An app registers by naming dotted paths on its AppConfig (nothing to change in the root or in settings)::

    class ContestsConfig(AppConfig):
        name = "contests"
        demo_part = "contests.demo"                                  # seed(*, cohort) -> dict | None
        home_cards = ("contests.home.judging_card",)                 # (*, cohort, user, roles) -> Card | None
        team_panels = ("contests.home.team_awards_panel",)           # (*, team, user, private) -> Card | None
        calendar_deadlines = ("contests.selectors.judging_deadlines",)  # (*, cohort, user) -> Iterable[Deadline]

Every registry is read in ``INSTALLED_APPS`` order, and an app is listed after the apps it builds on, so a demo
part may rely on the parts of the apps it imports (the sessions demo writes team notes: teams come first) and the
home page (and the team page) show the cards in the same order. A card is a template and its context; the page
renders it with ``cohort`` (and ``roles`` or ``team``) added, so its template reads like any included template.
A provider answers for one person and returns nothing (``None`` or an empty list) when it has nothing to show; it
must not raise for a person without a role in the app.

``settings.DEMO_PARTS`` (a list of dotted module paths), when set, replaces the registered demo parts: a test or
a small installation seeds only some apps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Deadline:
    """One deadline in a person's calendar feed (a submission deadline, a judging deadline)."""

    uid: str  # stable, e.g. "submission-deadline-3-team-7" (the feed adds "@host")
    summary: str
    due_at: dt.datetime
    url: str = ""
    description: str = ""


@dataclass(frozen=True)
class Card:
    """One card another app adds to a page (the cohort's home, a team's page): a template and what it shows."""

    template: str
    context: dict = field(default_factory=dict)


HomeCard = Card
DeadlineProvider = Callable[..., Iterable[Deadline]]
CardProvider = Callable[..., Card | None]


def _registered(attribute: str) -> list[str]:
    """The dotted paths the installed apps list under ``attribute``, in INSTALLED_APPS order."""
    paths: list[str] = []
    for config in apps.get_app_configs():
        value = getattr(config, attribute, None)
        if not value:
            continue
        paths.extend([value] if isinstance(value, str) else value)
    return paths


def demo_parts() -> list[str]:
    """The modules whose ``seed(*, cohort)`` adds each app's part of the demo, in order."""
    configured = getattr(settings, "DEMO_PARTS", None)
    return list(configured) if configured is not None else _registered("demo_part")


def deadline_providers() -> list[DeadlineProvider]:
    return [import_string(path) for path in _registered("calendar_deadlines")]


def home_card_providers() -> list[CardProvider]:
    return [import_string(path) for path in _registered("home_cards")]


def team_panel_providers() -> list[CardProvider]:
    return [import_string(path) for path in _registered("team_panels")]


def calendar_deadlines(*, cohort, user) -> list[Deadline]:
    """Every registered app's deadlines for the person's calendar feed, soonest first."""
    found: list[Deadline] = []
    for provider in deadline_providers():
        found.extend(provider(cohort=cohort, user=user) or ())
    return sorted(found, key=lambda deadline: (deadline.due_at, deadline.uid))


def home_cards(*, cohort, user, roles) -> list[Card]:
    """The cards the registered apps show this person on the cohort's home page, in app order."""
    cards = (provider(cohort=cohort, user=user, roles=roles) for provider in home_card_providers())
    return [card for card in cards if card is not None]


def team_panels(*, team, user, private: bool) -> list[Card]:
    """What other apps show on a team's page (its submission, its awards); `private`: the viewer is a member
    of the team or staff of the cohort."""
    panels = (provider(team=team, user=user, private=private) for provider in team_panel_providers())
    return [panel for panel in panels if panel is not None]


def render_cards(cards: Iterable[Card], *, request, base: dict) -> list[str]:
    """Each card's HTML, rendered with the page's `base` context (``cohort`` and the like) under its own."""
    return [render_to_string(card.template, {**base, **card.context}, request=request) for card in cards]
