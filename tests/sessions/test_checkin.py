"""The signed, rotating check-in token."""

import datetime as dt

from django.core import signing

from sessions import checkin

T0 = dt.datetime(2025, 5, 13, 10, 0, 0, tzinfo=dt.UTC)  # 19:00 KST, the start of a window of 60 s


def check(token, *, session_id=7, now=T0, rotation=60):
    return checkin.check_token(token, session_id=session_id, now=now, rotation=rotation).result


def test_a_fresh_token_is_accepted():
    assert check(checkin.make_token(session_id=7, now=T0, rotation=60)) == checkin.OK


def test_the_previous_window_is_still_accepted_the_one_before_is_expired():
    token = checkin.make_token(session_id=7, now=T0, rotation=60)

    assert check(token, now=T0 + dt.timedelta(seconds=119)) == checkin.OK
    assert check(token, now=T0 + dt.timedelta(seconds=120)) == checkin.EXPIRED
    assert check(token, now=T0 + dt.timedelta(hours=3)) == checkin.EXPIRED


def test_a_token_from_the_future_is_expired():
    token = checkin.make_token(session_id=7, now=T0 + dt.timedelta(minutes=5), rotation=60)

    assert check(token) == checkin.EXPIRED


def test_another_sessions_token_is_refused():
    assert check(checkin.make_token(session_id=8, now=T0, rotation=60)) == checkin.OTHER_SESSION


def test_forged_tokens_are_refused():
    token = checkin.make_token(session_id=7, now=T0, rotation=60)
    unsigned = signing.dumps({"s": 7, "w": checkin.window_index(T0, 60)}, salt="another.salt")
    wrong_shape = signing.dumps(["s", 7], salt=checkin.SALT)

    assert check(token[:-2] + "xx") == checkin.FORGED
    assert check(unsigned) == checkin.FORGED
    assert check(wrong_shape) == checkin.FORGED
    assert check("") == checkin.FORGED
    assert check("a" * 500) == checkin.FORGED


def test_seconds_left_counts_down_to_the_next_code():
    assert checkin.seconds_left(now=T0, rotation=60) == 60
    assert checkin.seconds_left(now=T0 + dt.timedelta(seconds=45), rotation=60) == 15
