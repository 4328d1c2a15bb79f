"""Access control: the app binds 127.0.0.1 unless told otherwise; without sign-in it is a local
single-user mode that says so; with OIDC sign-in (faked through AppTest's `user`) roles from
the `[access]` lists decide who may view, annotate, upload and adjudicate."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from stance.dashboard.access import LOCAL, Access, Role, Roles, decide, is_loopback
from tests.app_helpers import db, downloads  # noqa: F401 - the analysed dashboard store, what a download serves (fixtures)

ROOT = Path(__file__).resolve().parents[1]
APP = ROOT / "app.py"
AUTH = {"redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "cookie-secret-that-must-never-leak",
        "client_id": "stance", "client_secret": "client-secret-that-must-never-leak",
        "server_metadata_url": "https://id.example.org/.well-known/openid-configuration"}
ACCESS = {"admins": ["Boss@Example.org"], "annotators": ["ann@example.org"],
          "viewers": ["@readers.example"]}
ROLES = Roles.from_mapping(ACCESS)


def signed_in(email: str, **extra) -> dict:
    return {"is_logged_in": True, "email": email, **extra}


# -- the decision, as a pure function ---------------------------------------------------------

def test_without_sign_in_on_this_computer_everything_is_allowed():
    for address in ("127.0.0.1", "localhost", "::1"):
        access = decide({}, None, auth_configured=False, address=address)
        assert access == LOCAL and access.local
        assert all(access.can(r) for r in ("view", "annotate", "upload", "adjudicate"))


@pytest.mark.parametrize("address", ["0.0.0.0", "", "192.0.2.7", "::"])
def test_without_sign_in_on_an_open_address_only_viewing_is_left(address):
    access = decide({}, None, auth_configured=False, address=address)
    assert access.can("view") and not access.can("annotate") and not access.can("upload")
    assert "without sign-in" in access.reason and "127.0.0.1" in access.reason
    assert not is_loopback(address)


def test_roles_come_from_the_lists_by_the_login_email():
    admin = decide(signed_in("boss@EXAMPLE.org"), ROLES, True)
    assert admin.role is Role.ADMIN and admin.identity == "boss@example.org"
    assert admin.can("upload") and admin.can("adjudicate") and admin.may_open("add")
    ann = decide(signed_in("ann@example.org"), ROLES, True)
    assert ann.role is Role.ANNOTATOR and ann.can("annotate")
    assert not ann.can("upload") and not ann.can("adjudicate") and not ann.may_open("add")
    reader = decide(signed_in("zoe@readers.example"), ROLES, True)
    assert reader.role is Role.VIEWER and reader.may_open("event") and not reader.may_open("annotate")


@pytest.mark.parametrize("user, words", [
    ({"is_logged_in": False}, "Sign in"),
    ({}, "Sign in"),
    (signed_in("mallory@elsewhere.test"), "mallory@elsewhere.test is not on"),
    (signed_in("ann@example.org", email_verified=False), "not verified"),
    ({"is_logged_in": True, "name": "No Mail"}, "no email"),
    (signed_in("ann@example.org.evil.test"), "not on"),  # a suffix is not the address
])
def test_everyone_else_gets_nothing_and_a_reason(user, words):
    access = decide(user, ROLES, True)
    assert access.role is Role.NONE and not access.can("view")
    assert words in access.reason


def test_sign_in_without_role_lists_fails_closed():
    access = decide(signed_in("boss@example.org"), None, True)
    assert access.role is Role.NONE and "[access]" in access.reason


def test_role_lists_must_be_lists():
    with pytest.raises(ValueError, match="admins must be a list"):
        Roles.from_mapping({"admins": "boss@example.org"})


# -- binding -----------------------------------------------------------------------------------

def test_the_app_binds_this_computer_only_by_default():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["address"] == "127.0.0.1"
    run_target = (ROOT / "Makefile").read_text(encoding="utf-8").split("\nrun:", 1)[1].split("\n\n")[0]
    assert "--server.address 127.0.0.1" in run_target
    doc = APP.read_text(encoding="utf-8").split('"""')[1]
    assert "127.0.0.1" in doc and "streamlit run app.py" in doc


# -- the app, driven headlessly -----------------------------------------------------------------

def app(address: str = "127.0.0.1", user: dict | None = None, team: bool = False,
        query: dict | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    if team:
        at.secrets["auth"] = AUTH
        at.secrets["access"] = ACCESS
    if user is not None:
        at.user = user
    for k, v in (query or {}).items():
        at.query_params[k] = v
    with patch_config_options({"server.address": address}):
        return at.run()


LABELS = {"add": "Add articles", "annotate": "Annotate", "export": "Export", "event": "Event comparison"}


def views(at: AppTest) -> list[str]:
    """The views the sidebar offers, by key (the radio shows their labels)."""
    shown = list(at.sidebar.radio[0].options) if at.sidebar.radio else []
    return [k for k, label in LABELS.items() if label in shown]


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in at.sidebar.caption)


@pytest.mark.usefixtures("db")
def test_local_mode_says_so_and_keeps_every_view():
    at = app()
    assert not at.exception
    assert "Local single-user mode" in captions(at)
    assert set(views(at)) >= {"add", "annotate", "export"}


@pytest.mark.usefixtures("db")
def test_local_mode_on_an_open_address_hides_upload_and_annotation():
    at = app(address="0.0.0.0")
    assert not at.exception
    assert "without sign-in" in " ".join(w.value for w in at.sidebar.warning)
    assert "add" not in views(at) and "annotate" not in views(at) and "event" in views(at)


@pytest.mark.usefixtures("db")
def test_team_mode_shows_nothing_before_sign_in():
    at = app(team=True, user={"is_logged_in": False})
    assert not at.exception
    assert [b.key for b in at.button] == ["login"]
    assert not at.sidebar.radio and not at.get("plotly_chart") and not at.dataframe
    assert "Sign in" in at.info[0].value


@pytest.mark.usefixtures("db")
def test_team_mode_refuses_an_unlisted_account_by_name():
    at = app(team=True, user=signed_in("mallory@elsewhere.test"))
    assert not at.exception and not at.sidebar.radio
    assert "mallory@elsewhere.test is not on" in at.error[0].value.replace("\\", "")
    assert [b.key for b in at.button] == ["logout"]


@pytest.mark.usefixtures("db")
def test_an_annotator_cannot_open_upload_even_by_url():
    at = app(team=True, user=signed_in("ann@example.org"), query={"view": "add"})
    assert not at.exception
    assert "annotate" in views(at) and "add" not in views(at)
    assert at.sidebar.radio[0].value == "event"  # the link to a forbidden view opens the default
    assert "Signed in as ann@example.org (annotator)" in captions(at).replace("\\", "")


@pytest.mark.usefixtures("db")
def test_an_admin_gets_every_view():
    at = app(team=True, user=signed_in("boss@example.org"), query={"view": "add"})
    assert not at.exception
    assert set(views(at)) >= {"add", "annotate"} and at.sidebar.radio[0].value == "add"


@pytest.mark.usefixtures("db")
def test_no_login_secret_reaches_a_download(downloads):  # noqa: F811
    at = app(team=True, user=signed_in("boss@example.org"), query={"view": "export"})
    served = [downloads[name] for name in downloads]
    assert not at.exception and any(b'"manifest_version"' in b for b in served)
    for blob in served:
        assert b"must-never-leak" not in blob and b"boss@example.org" not in blob


@pytest.mark.usefixtures("db")
def test_a_viewer_neither_annotates_nor_uploads():
    at = app(team=True, user=signed_in("zoe@readers.example"))
    assert not at.exception
    assert "annotate" not in views(at) and "add" not in views(at) and "export" in views(at)


def test_the_upload_view_itself_refuses_a_non_admin(tmp_path):
    """Defence in depth: the view checks the right even if a caller offers it."""
    def page(db_path: str) -> None:
        from stance.config.settings import Settings
        from stance.dashboard.access import Access, Role
        from stance.dashboard.upload_view import render_upload
        from stance.store import Store

        render_upload(Store(db_path), Settings(db_path=db_path), get_embedder=lambda: None,
                      on_stored=lambda: None, access=Access("team", Role.ANNOTATOR, "a@x.test", True))

    at = AppTest.from_function(page, args=(str(tmp_path / "u.db"),), default_timeout=60).run()
    assert not at.exception
    assert "Only admins" in at.error[0].value and not at.get("file_uploader")


def test_access_is_frozen():
    with pytest.raises(AttributeError):
        LOCAL.role = Role.NONE  # type: ignore[misc]
    assert Access("team", Role.NONE).may_open("event") is False
