"""One limit on guessing for every way in: the admin, the back office and API tokens.

django-axes counts failures in the database, by username and by address, so the count is
the same whichever form (or process) an attempt reaches; these tests go through the
forms and the API as a guesser would.
"""

import ast
import io
import subprocess
import sys
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.core.management import call_command
from django.db.models import F
from django.test import Client

from readingroom.archive.models import Document
from readingroom.interop.models import ApiToken

from .conftest import PASSWORD

LIMIT = settings.LOGIN_FAILURE_LIMIT
LOCKED = "Too many failed sign-in attempts"
FORMS = {"back office": "/editor/login/", "admin": "/admin/login/"}
# Where each form sends a user who signed in.
SIGNED_IN = {"/editor/login/": "/editor/", "/admin/login/": "/admin/"}


@pytest.fixture
def staff(users):
    """The users, with staff status for the administrator (the admin needs it)."""
    users["administrator"].is_staff = True
    users["administrator"].save(update_fields=["is_staff"])
    return users


def sign_in(username, password, *, form="/editor/login/", address="10.0.0.1", client=None):
    client = client or Client()
    # "next" as the forms' pages give it
    data = {"username": username, "password": password, "next": SIGNED_IN[form]}
    response = client.post(form, data, REMOTE_ADDR=address)
    response.client = client
    return response


def signed_in(response) -> bool:
    return "_auth_user_id" in response.client.session


def assert_refused(response):
    """Refused by the limit: 429, the form again with the message, nobody signed in."""
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert int(response["Retry-After"]) == settings.LOGIN_LOCKOUT_MINUTES * 60
    assert not signed_in(response)


def assert_signed_in(response, form="/editor/login/"):
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] == SIGNED_IN[form]
    assert signed_in(response)


def guess(username, times, **where):
    return [sign_in(username, "guess", **where).status_code for _ in range(times)]


# --- Forms ---------------------------------------------------------------------------


@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_signing_in_works(staff, form):
    assert_signed_in(sign_in("administrator", PASSWORD, form=form), form)


@pytest.mark.parametrize("form", list(FORMS.values()), ids=list(FORMS))
def test_the_failure_that_reaches_the_limit_locks_and_says_so(staff, form):
    # given failures for one username, each from another address
    codes = [
        sign_in("administrator", "guess", form=form, address=f"10.0.0.{n}").status_code
        for n in range(LIMIT)
    ]
    # then the last one reaches the limit, and says so
    assert codes == [200] * (LIMIT - 1) + [429]

    # when the right password comes next, from yet another address
    assert_refused(sign_in("administrator", PASSWORD, form=form, address="10.9.9.9"))

    # and another user may still sign in from elsewhere
    assert_signed_in(sign_in("editor", PASSWORD, address="10.9.9.8"))


def test_twenty_five_wrong_passwords_on_the_admin_then_the_right_one_is_refused(staff):
    client = Client()
    codes = [
        sign_in("administrator", f"guess {n}", form="/admin/login/", client=client).status_code
        for n in range(25)
    ]
    assert codes[: LIMIT - 1] == [200] * (LIMIT - 1)
    assert set(codes[LIMIT - 1 :]) == {429}

    response = sign_in("administrator", PASSWORD, form="/admin/login/", client=client)

    assert_refused(response)
    # the admin's own form, with the message where its errors go
    assert 'id="login-form"' in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_failures_from_one_address_refuse_every_username_there(staff):
    for name in ("a", "b", "c", "d", "e", "f")[:LIMIT]:
        sign_in(name, "guess", address="192.0.2.7")
    assert_refused(sign_in("reviewer", PASSWORD, address="192.0.2.7"))
    assert_signed_in(sign_in("reviewer", PASSWORD, address="192.0.2.8"))


@pytest.mark.parametrize(
    ("first", "then"),
    [("/editor/login/", "/admin/login/"), ("/admin/login/", "/editor/login/")],
    ids=["back office locks the admin", "admin locks the back office"],
)
def test_one_form_locks_the_other_for_the_same_user_and_address(staff, first, then):
    guess("administrator", LIMIT, form=first)
    assert_refused(sign_in("administrator", PASSWORD, form=then))


def test_one_failure_less_than_the_limit_still_lets_the_user_in(staff):
    assert guess("editor", LIMIT - 1) == [200] * (LIMIT - 1)
    assert_signed_in(sign_in("editor", PASSWORD))


def test_signing_in_forgives_the_users_own_failures_from_that_address(staff):
    guess("editor", LIMIT - 1)
    assert_signed_in(sign_in("editor", PASSWORD))
    # a full count again: one wrong password more does not lock
    assert guess("editor", LIMIT - 1) == [200] * (LIMIT - 1)
    assert_signed_in(sign_in("editor", PASSWORD))


def test_signing_in_to_ones_own_account_does_not_reset_guesses_at_another(staff):
    # given an editor who guesses at the administrator's password from their desk
    guess("administrator", LIMIT - 1, address="10.1.1.1")
    # when they sign in as themselves from there, and guess once more
    assert_signed_in(sign_in("editor", PASSWORD, address="10.1.1.1"))
    codes = guess("administrator", 1, address="10.1.1.1")
    # then the limit is reached all the same
    assert codes == [429]


def test_two_processes_share_the_count_because_it_is_in_the_database(staff, settings):
    # No cache anywhere: each client stands for a web process of its own.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    first, second = Client(), Client()
    half = LIMIT // 2
    for _ in range(half):
        sign_in("editor", "guess", client=first)
    for _ in range(LIMIT - half):
        sign_in("editor", "guess", client=second)

    assert_refused(sign_in("editor", PASSWORD, client=first))
    assert AccessAttempt.objects.filter(username="editor").get().failures_since_start == LIMIT


# --- The lock ends -----------------------------------------------------------------------


def _age_attempts(minutes: float) -> None:
    """Time travel: every counted failure happened ``minutes`` earlier."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def test_the_lock_holds_until_the_lockout_time_has_passed(staff):
    guess("editor", LIMIT)
    _age_attempts(settings.LOGIN_LOCKOUT_MINUTES - 1)
    assert_refused(sign_in("editor", PASSWORD))

    _age_attempts(1.01)
    assert_signed_in(sign_in("editor", PASSWORD))


def test_attempts_while_locked_are_not_counted_and_do_not_extend_it(staff):
    guess("editor", LIMIT)
    _age_attempts(settings.LOGIN_LOCKOUT_MINUTES - 1)
    # a guesser who keeps trying meanwhile
    assert guess("editor", 10) == [429] * 10

    _age_attempts(1.01)
    assert_signed_in(sign_in("editor", PASSWORD))
    assert AccessFailureLog.objects.count() == LIMIT


def test_the_unlock_command_lets_a_locked_user_in_at_once(staff):
    guess("editor", LIMIT)
    call_command("axes_reset_username", "editor", stdout=io.StringIO())
    assert_signed_in(sign_in("editor", PASSWORD))


def test_an_administrator_unlocks_an_address_in_the_admin(staff, client_as):
    guess("someone", LIMIT, address="198.51.100.4")
    attempt = AccessAttempt.objects.get()

    admin = client_as("administrator")
    response = admin.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert_signed_in(sign_in("reviewer", PASSWORD, address="198.51.100.4"))


# --- The audit log -----------------------------------------------------------------------


def test_every_failure_is_logged_with_who_where_when_and_which_form(staff):
    sign_in("editor", "guess", address="203.0.113.5")
    sign_in("Чжоу", "guess", form="/admin/login/", address="2001:db8::1")

    logged = AccessFailureLog.objects.order_by("attempt_time")
    assert [(f.username, f.ip_address, f.path_info, f.locked_out) for f in logged] == [
        ("editor", "203.0.113.5", "/editor/login/", False),
        ("Чжоу", "2001:db8::1", "/admin/login/", False),
    ]
    assert all(f.attempt_time is not None for f in logged)
    # and a success too, in its own log
    sign_in("editor", PASSWORD, address="203.0.113.5")
    assert AccessLog.objects.get().username == "editor"


def test_the_failure_that_locks_is_marked(staff):
    guess("editor", LIMIT)
    assert list(
        AccessFailureLog.objects.order_by("attempt_time").values_list("locked_out", flat=True)
    ) == [False] * (LIMIT - 1) + [True]


@pytest.mark.parametrize(
    ("role", "status"),
    # (the admin admits Administrators only: a Reviewer is sent to its sign-in page)
    [("administrator", 200), ("reviewer", 302)],
    ids=["administrator", "reviewer"],
)
def test_administrators_read_the_failures_in_the_admin(staff, client_as, role, status):
    sign_in("editor", "guess", address="203.0.113.77")
    staff[role].is_staff = True
    staff[role].save(update_fields=["is_staff"])

    response = client_as(role).get("/admin/axes/accessfailurelog/")

    assert response.status_code == status
    if status == 200:
        assert "203.0.113.77" in response.content.decode()


# --- The client's address --------------------------------------------------------------


def test_a_clients_own_x_forwarded_for_is_not_believed(staff):
    Client().post(
        "/editor/login/",
        {"username": "editor", "password": "guess"},
        REMOTE_ADDR="192.0.2.50",
        HTTP_X_FORWARDED_FOR="6.6.6.6",
    )
    assert AccessFailureLog.objects.get().ip_address == "192.0.2.50"


def _proxy_settings(count: int, data_dir) -> dict:
    """What settings.py makes of LOGIN_PROXY_COUNT, read in a fresh interpreter."""
    code = (
        "import readingroom.settings as s; "
        "print(repr((s.AXES_IPWARE_META_PRECEDENCE_ORDER, s.AXES_IPWARE_PROXY_COUNT)))"
    )
    env = {
        "LOGIN_PROXY_COUNT": str(count),
        "READINGROOM_DATA": str(data_dir),
        "READINGROOM_ENV": "development",
    }
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    order, proxies = ast.literal_eval(out.stdout)
    return {"AXES_IPWARE_META_PRECEDENCE_ORDER": order, "AXES_IPWARE_PROXY_COUNT": proxies}


@pytest.mark.parametrize(
    ("proxies", "forwarded", "address"),
    [
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),
        (2, "6.6.6.6, 203.0.113.9, 10.0.0.3", "203.0.113.9"),
    ],
    ids=["one proxy", "one proxy, a made-up address first", "two proxies"],
)
def test_behind_proxies_the_address_they_saw_is_counted(
    staff, settings, tmp_path, proxies, forwarded, address
):
    for name, value in _proxy_settings(proxies, tmp_path).items():
        setattr(settings, name, value)

    Client().post(
        "/editor/login/",
        {"username": "editor", "password": "guess"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR=forwarded,
    )

    assert AccessFailureLog.objects.get().ip_address == address


# --- API tokens ------------------------------------------------------------------------


@pytest.fixture
def token(users):
    # deleting is an Administrator's (the role table)
    return ApiToken.issue(users["administrator"])


def delete(record_id, token, address="10.0.0.1"):
    return Client().delete(
        f"/api/documents/{record_id}", HTTP_AUTHORIZATION=f"Bearer {token}", REMOTE_ADDR=address
    )


def test_wrong_tokens_from_one_address_are_refused_with_429(records, token):
    document = records.document("Kept", record_id=7)

    codes = [delete(7, f"wrong-{n}", address="192.0.2.9").status_code for n in range(LIMIT + 2)]

    assert codes == [401] * (LIMIT - 1) + [429] * 3
    # even the right token, from there
    refused = delete(7, token, address="192.0.2.9")
    assert refused.status_code == 429
    assert LOCKED in refused.json()["detail"]
    assert int(refused["Retry-After"]) == settings.LOGIN_LOCKOUT_MINUTES * 60
    assert Document.objects.filter(pk=document.pk).exists()
    # the right token from elsewhere works
    assert delete(7, token, address="192.0.2.10").status_code == 204
    # and the failures are logged, by address, with no username
    assert set(AccessFailureLog.objects.values_list("username", "ip_address", "path_info")) == {
        (None, "192.0.2.9", "/api/documents/7")
    }


def test_wrong_tokens_from_many_addresses_lock_no_one_else(records, token):
    records.document("Kept", record_id=7)
    for n in range(LIMIT + 1):
        delete(7, "wrong", address=f"192.0.2.{n}")
    assert delete(7, token, address="192.0.2.200").status_code == 204


def test_tokens_and_passwords_share_the_count_of_an_address(staff, records, token):
    records.document("Kept", record_id=7)
    guess("nobody", LIMIT - 1, address="192.0.2.30")
    assert delete(7, "wrong", address="192.0.2.30").status_code == 429
    assert_refused(sign_in("editor", PASSWORD, address="192.0.2.30"))
