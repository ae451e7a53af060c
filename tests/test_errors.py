"""One error type: every app's errors are DomainErrors with a message for the person and a code for the program."""

import pytest
from django.utils import translation

from learninggroup.errors import DomainError
from learninggroup.roster import RosterFileError
from sessions.planner import PlanError
from sessions.services import CheckInRefused
from submissions.services import EditingClosed, StaleVersion, SubmissionError, UploadRefused
from teams.formation import FormationError
from teams.services import FinalizeError, TeamError


@pytest.mark.parametrize(
    "error_type",
    [
        SubmissionError,
        EditingClosed,
        UploadRefused,
        StaleVersion,
        TeamError,
        FinalizeError,
        CheckInRefused,
        PlanError,
        RosterFileError,
    ],
)
def test_every_apps_error_is_a_domain_error(error_type):
    assert issubclass(error_type, DomainError)


def test_formation_error_is_a_domain_error_with_its_message():
    error = FormationError("too few people")
    assert (isinstance(error, DomainError), error.message, str(error)) == (True, "too few people", "too few people")


def test_message_and_code_travel_separately():
    error = DomainError("Nothing changed.", code="unchanged")
    assert (error.message, error.code, str(error)) == ("Nothing changed.", "unchanged", "Nothing changed.")


def test_a_refused_check_in_carries_its_code_and_a_message_for_the_person():
    with translation.override("en"):
        refused = CheckInRefused("too_early")
    assert refused.code == "too_early"
    assert refused.message == "Check-in opens 30 minutes before the session starts."


def test_an_unknown_refusal_code_still_gets_a_message():
    assert CheckInRefused("something_new").message == CheckInRefused("forged").message


def test_a_plan_error_says_what_is_wrong():
    with translation.override("en"):
        error = PlanError("no_weekdays")
    assert (error.code, error.message) == ("no_weekdays", "Choose at least one weekday.")


def test_finalize_error_lists_the_problems_and_joins_them_for_the_message():
    error = FinalizeError(["A is in no team.", "Team 2 is too small."])
    assert (error.code, error.problems, error.message) == (
        "not_ready",
        ["A is in no team.", "Team 2 is too small."],
        "A is in no team. Team 2 is too small.",
    )
