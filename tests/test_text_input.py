"""Text on input: NFC everywhere (a Mac sends Korean decomposed), single-line fields on one line, existing rows
cleaned by the data migrations' normalize_table."""

import inspect
import unicodedata

import pytest
from django import forms as django_forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

import exports.forms
import learninggroup.forms
import learninggroup.forms as lg_forms
import sessions.forms
import submissions.forms
import teams.forms
from learninggroup.forms import NormalizedTextMixin
from learninggroup.models import Cohort, Membership, Role
from learninggroup.text import multi_line, normalize_table, search_query, single_line
from sessions.models import Session
from submissions.models import Prompt
from teams.models import Team, Topic
from tests.factories import CohortFactory, MembershipFactory
from tests.sessions.factories import SessionFactory
from tests.submissions.factories import PromptFactory, SubmissionFactory, TeamFactory, TeamMembershipFactory

NFC = "민원 분류"
NFD = unicodedata.normalize("NFD", NFC)
assert NFD != NFC


# The rules -----------------------------------------------------------------------------------


def test_single_line_folds_breaks_and_controls_and_composes():
    assert single_line("민원\r\n분류  챗봇") == "민원 분류  챗봇"
    assert single_line(" 첫 줄 \n\n 둘째 줄\t끝 ") == "첫 줄 둘째 줄 끝"
    assert single_line("a\x00b\u2028c\x85d") == "a b c d"
    assert single_line(NFD) == NFC
    assert single_line("") == ""
    assert single_line(None) == ""


def test_multi_line_keeps_lines_and_tabs_drops_other_controls():
    assert multi_line("첫 줄\r\n둘째\r셋째\n\t들여쓰기\x00\x07") == "첫 줄\n둘째\n셋째\n\t들여쓰기"
    assert multi_line(NFD + "\n" + NFD) == NFC + "\n" + NFC


def test_a_search_query_is_one_nfc_line_of_bounded_length():
    assert search_query(f"  {NFD}\n ") == NFC
    assert search_query("가" * 500, max_length=30) == "가" * 30


@given(st.text())
def test_single_line_never_leaves_a_control_character_and_is_stable(text):
    once = single_line(text)
    assert not any(unicodedata.category(char) == "Cc" or char in "\u2028\u2029" for char in once)
    assert unicodedata.is_normalized("NFC", once)
    assert single_line(once) == once


@given(st.text())
def test_multi_line_keeps_only_line_breaks_and_tabs_and_is_stable(text):
    once = multi_line(text)
    assert not any(unicodedata.category(char) == "Cc" and char not in "\n\t" for char in once)
    assert multi_line(once) == once


# Every form ----------------------------------------------------------------------------------


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


FORM_MODULES = (learninggroup.forms, sessions.forms, teams.forms, submissions.forms, exports.forms)
FORMS = sorted(
    {
        c
        for c in _subclasses(NormalizedTextMixin)
        if c.__module__ in {m.__name__ for m in FORM_MODULES} and c not in (lg_forms.Form, lg_forms.ModelForm)
    },
    key=lambda c: f"{c.__module__}.{c.__name__}",
)


def _build(form_class, data):
    cohort = CohortFactory()
    available = {
        "topics": Topic.objects.none(),
        "colleagues": Membership.objects.none(),
        "cohort": cohort,
        "members": Membership.objects.none(),
        "teams": Team.objects.none(),
        "facilitators": Membership.objects.none(),
        "organizations": None,
    }
    parameters = inspect.signature(form_class.__init__).parameters
    kwargs = {name: value for name, value in available.items() if name in parameters}
    if "user" in parameters:
        return form_class(MembershipFactory(cohort=cohort).user, data, **kwargs)
    return form_class(data, **kwargs)


def test_every_form_of_the_project_normalizes_its_text():
    assert len(FORMS) >= 20


@pytest.mark.parametrize("form_class", FORMS, ids=lambda c: f"{c.__module__.split('.')[0]}.{c.__name__}")
def test_nfd_text_with_line_breaks_arrives_nfc_and_one_line_where_one_line_is_meant(db, form_class):
    probe = _build(form_class, {})
    text_fields = {
        name: field
        for name, field in probe.fields.items()
        if isinstance(field, django_forms.CharField) and not isinstance(field.widget, django_forms.PasswordInput)
    }
    form = _build(form_class, {probe.add_prefix(name): f"{NFD}\r\n{NFD}" for name in text_fields})

    for name, field in text_fields.items():
        value = form.data[form.add_prefix(name)]
        expected = f"{NFC}\n{NFC}" if isinstance(field.widget, django_forms.Textarea) else f"{NFC} {NFC}"
        assert (name, value) == (name, expected)


def test_a_password_is_kept_exactly_as_typed(db):
    form = _build(learninggroup.forms.SetPasswordForm, {"password1": NFD, "password2": NFD})
    assert form.data["password1"] == NFD


# Searching and uniqueness, end to end --------------------------------------------------------


def test_the_prompt_library_finds_an_nfd_title_by_its_nfc_text_and_the_other_way_round(client, db):
    team = TeamFactory()
    membership = MembershipFactory(cohort=team.cohort, role=Role.PARTICIPANT)
    TeamMembershipFactory(team=team, membership=membership)
    client.force_login(membership.user)
    submission = SubmissionFactory(team=team)
    legacy = PromptFactory(submission=submission, title="옛 프롬프트")
    Prompt.objects.filter(pk=legacy.pk).update(title=f"{NFD} 예전")  # stored before this rule, as typed on a Mac
    normalize_table(Prompt)  # what the data migration does
    client.post(
        reverse("prompt_create", args=[team.cohort_id, team.pk]),
        {"title": f"{NFD} 새것", "text": "분류해 줘", "tags": NFD, "version": 0},
    )

    found = client.get(reverse("prompt_library", args=[team.cohort_id]), {"q": NFC}).content.decode()
    found_by_nfd = client.get(reverse("prompt_library", args=[team.cohort_id]), {"q": NFD}).content.decode()

    assert [p.title for p in Prompt.objects.order_by("pk")] == [f"{NFC} 예전", f"{NFC} 새것"]
    for page in (found, found_by_nfd):
        assert f"{NFC} 예전" in page and f"{NFC} 새것" in page


def test_two_teams_with_identical_looking_names_are_refused(client, cohort, make_member):
    facilitator = make_member(Role.FACILITATOR, cohort)
    client.force_login(facilitator)

    client.post(reverse("team_create", args=[cohort.pk]), {"name": "민원팀"})
    second = client.post(
        reverse("team_create", args=[cohort.pk]), {"name": unicodedata.normalize("NFD", "민원팀")}, follow=True
    )

    assert list(Team.objects.filter(cohort=cohort).values_list("name", flat=True)) == ["민원팀"]
    assert "이 기수에 이미 ‘민원팀’ 팀이 있습니다." in second.content.decode()


def test_a_hand_made_post_cannot_put_a_line_break_in_a_session_title(client, cohort, make_member):
    facilitator = make_member(Role.FACILITATOR, cohort)
    session = SessionFactory(cohort=cohort)
    client.force_login(facilitator)

    client.post(
        reverse("session_edit", args=[cohort.pk, session.pk]),
        {"title": "오리엔테이션\r\nBcc: x@example.com", "kind": "workshop", "venue": "5층\n교육장", "agenda": "a\r\nb"},
    )

    session.refresh_from_db()
    assert (session.title, session.venue, session.agenda) == (
        "오리엔테이션 Bcc: x@example.com",
        "5층 교육장",
        "a\nb",
    )


def test_any_save_folds_a_single_line_field(db):
    cohort = CohortFactory(name="2025\r\n학습모임")
    session = SessionFactory(cohort=cohort, title="제목\n둘째 줄")

    assert Cohort.objects.get(pk=cohort.pk).name == "2025 학습모임"
    assert Session.objects.get(pk=session.pk).title == "제목 둘째 줄"


# The data migration --------------------------------------------------------------------------


def test_existing_rows_are_cleaned_and_a_clash_keeps_both_names(db):
    cohort = CohortFactory()
    first = TeamFactory(cohort=cohort, name="민원팀")
    second = TeamFactory(cohort=cohort, name="임시")
    broken = TeamFactory(cohort=cohort, name="임시2")
    Team.objects.filter(pk=second.pk).update(name=unicodedata.normalize("NFD", "민원팀"))
    Team.objects.filter(pk=broken.pk).update(name="한 줄\r\n두 줄", topic=NFD)

    changed = normalize_table(Team)

    names = dict(Team.objects.values_list("pk", "name"))
    assert changed == 2
    assert names == {first.pk: "민원팀", second.pk: "민원팀 (2)", broken.pk: "한 줄 두 줄"}
    assert Team.objects.get(pk=broken.pk).topic == NFC
    assert normalize_table(Team) == 0
