"""E-mail text is plain text: names with & < > stay as written (no HTML entities in subjects or bodies)."""

from types import SimpleNamespace

from learninggroup.mail import personal_email
from tests.factories import UserFactory


def test_a_team_called_r_and_d_reads_right_in_the_deadline_subject(db):
    user = UserFactory(name="김<민준>")
    context = {
        "team": SimpleNamespace(name="R&D"),
        "days": 3,
        "cohort": SimpleNamespace(name="AI & 데이터"),
        "membership": SimpleNamespace(user=user),
        "user": user,
    }

    message = personal_email("submissions/emails/deadline", context, user=user)

    assert message.subject.split("] ", 1)[1].startswith("R&D")
    assert "&amp;" not in message.subject and "&amp;" not in message.body
