"""Who may do what in the dashboard, and where an analyst's identity comes from.

Two modes, chosen by `.streamlit/secrets.toml`:

- **local** (no `[auth]` section): one person on this machine (the app binds 127.0.0.1, see
  `.streamlit/config.toml`). Everything is allowed, labels carry the name typed on the
  annotation page, and the sidebar says that this is a local single-user mode. Started on any
  other address without sign-in, the app is exposed: it then only shows results (no upload, no
  annotation) and says why.
- **team** (`[auth]` configured for Streamlit's OIDC login, `st.login` / `st.user`): everyone
  signs in; the role comes from the `[access]` lists by the email the identity provider
  returned, and labels are recorded under that email, never under a typed name.
  `admins` view, annotate, upload and adjudicate; `annotators` view and annotate; `viewers`
  view. An entry is an email address or `@domain` for a whole domain. Anyone else sees only
  a message (the lists fail closed, and so does a missing `[access]` section).

`decide` is the whole decision as a pure function of the user record and the lists (tested
without Streamlit); `current_access` feeds it `st.secrets` and `st.user`.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import streamlit as st
from streamlit import config as st_config

from stance.dashboard.text import md_escape


class Role(StrEnum):
    ADMIN = "admin"
    ANNOTATOR = "annotator"
    VIEWER = "viewer"
    NONE = "none"


RIGHTS: dict[Role, frozenset[str]] = {
    Role.ADMIN: frozenset({"view", "annotate", "upload", "adjudicate"}),
    Role.ANNOTATOR: frozenset({"view", "annotate"}),
    Role.VIEWER: frozenset({"view"}),
    Role.NONE: frozenset(),
}
# the right a dashboard view needs beyond "view" (views not listed need only "view")
VIEW_NEEDS = {"add": "upload", "annotate": "annotate", "corrections": "adjudicate"}
ROLE_LISTS = {"admins": Role.ADMIN, "annotators": Role.ANNOTATOR, "viewers": Role.VIEWER}
SECTION = "access"  # the secrets.toml section holding the lists
TEAM_HELP = "See README, section Team deployment."


@dataclass(frozen=True)
class Roles:
    """The `[access]` lists, lower-cased. `provider` names an `[auth.<provider>]` section when
    there are several."""

    admins: frozenset[str] = frozenset()
    annotators: frozenset[str] = frozenset()
    viewers: frozenset[str] = frozenset()
    provider: str = ""

    @classmethod
    def from_mapping(cls, section: Mapping[str, Any]) -> Roles:
        lists = {}
        for key in ROLE_LISTS:
            raw = section.get(key, [])
            if isinstance(raw, str) or not all(isinstance(x, str) for x in raw):
                raise ValueError(f"[{SECTION}] {key} must be a list of email addresses")
            lists[key] = frozenset(x.strip().casefold() for x in raw if x.strip())
        return cls(**lists, provider=str(section.get("provider", "") or ""))

    def role_of(self, email: str) -> Role:
        """The highest role whose list names `email` or its `@domain`."""
        email = email.strip().casefold()
        domain = "@" + email.rpartition("@")[2] if "@" in email else None
        for key, role in ROLE_LISTS.items():
            names = getattr(self, key)
            if email in names or (domain and domain in names):
                return role
        return Role.NONE


@dataclass(frozen=True)
class Access:
    """The outcome for one browser session. `identity` is the signed-in email ("" in local
    mode, where the annotation page asks for a name); `reason` says why rights are missing."""

    mode: str  # "local" | "team"
    role: Role
    identity: str = ""
    signed_in: bool = False
    reason: str = ""
    provider: str = ""

    @property
    def local(self) -> bool:
        return self.mode == "local"

    def can(self, right: str) -> bool:
        return right in RIGHTS[self.role]

    def may_open(self, view: str) -> bool:
        return self.can(VIEW_NEEDS.get(view, "view"))


LOCAL = Access("local", Role.ADMIN)


def is_loopback(address: str) -> bool:
    """True for an address only this computer reaches ("" means every interface)."""
    if address.strip().casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(address.strip().strip("[]")).is_loopback
    except ValueError:
        return False


def decide(user: Mapping[str, Any], roles: Roles | None, auth_configured: bool,
           roles_problem: str = "", address: str = "127.0.0.1") -> Access:
    """The access of a session: local mode without auth (view-only when the server listens
    beyond this computer); in team mode the role of the verified email the login returned, or
    no rights with the reason."""
    if not auth_configured:
        if is_loopback(address):
            return LOCAL
        return Access("local", Role.VIEWER, reason=(
            f"The app listens on {address or 'every interface'} without sign-in, so adding "
            "articles and annotating are off. Bind it to 127.0.0.1, or configure sign-in "
            f"and roles. {TEAM_HELP}"))
    provider = roles.provider if roles else ""
    if not user.get("is_logged_in", False):
        return Access("team", Role.NONE, reason="Sign in to use this deployment.", provider=provider)
    email = str(user.get("email") or "").strip().casefold()
    team = dict(mode="team", signed_in=True, provider=provider)
    if not email:
        return Access(**team, role=Role.NONE, reason="The identity provider returned no email "
                      "address; ask the administrator to request the 'email' scope.")
    if user.get("email_verified") is False:
        return Access(**team, role=Role.NONE, identity=email,
                      reason=f"The email {email} is not verified by the identity provider.")
    if roles is None:
        return Access(**team, role=Role.NONE, identity=email,
                      reason=roles_problem or f"No [{SECTION}] lists are configured, so nobody has "
                      f"access yet. {TEAM_HELP}")
    role = roles.role_of(email)
    reason = "" if role is not Role.NONE else (
        f"{email} is not on this deployment's lists; ask an admin to add it to [{SECTION}].")
    return Access(**team, role=role, identity=email, reason=reason)


def _secrets() -> Mapping[str, Any]:
    """st.secrets, or {} when there is no secrets file (a local install)."""
    try:
        return st.secrets if st.secrets.load_if_toml_exists() else {}
    except Exception:  # noqa: BLE001 - an unreadable secrets file is reported at startup
        return {}


def current_access() -> Access:
    """The access of this browser session, from st.secrets and st.user."""
    secrets = _secrets()
    if "auth" not in secrets:
        return decide({}, None, False, address=str(st_config.get_option("server.address") or ""))
    roles, problem = None, ""
    if SECTION in secrets:
        try:
            roles = Roles.from_mapping(secrets[SECTION])
        except (ValueError, TypeError) as exc:
            problem = f"{exc}. {TEAM_HELP}"
    return decide(dict(st.user), roles, True, problem)


def render_account(access: Access) -> None:
    """Sidebar note: the local mode, or who is signed in with which role (and log out)."""
    if access.local and access.reason:
        st.sidebar.warning(md_escape(access.reason))
        return
    if access.local:
        st.sidebar.caption("Local single-user mode: no sign-in, everything allowed, labels carry "
                           "the name you type. Bound to this computer (127.0.0.1). For a shared "
                           "server, configure sign-in: see README, Team deployment.")
        return
    if access.signed_in:
        st.sidebar.caption(md_escape(f"Signed in as {access.identity or 'unknown'} "
                                     f"({access.role.value})"))
        st.sidebar.button("Log out", on_click=st.logout, key="logout")


def render_gate(access: Access) -> None:
    """What a session without the right to view sees: a sign-in button, or why it is refused."""
    st.title("stance")
    if not access.signed_in:
        st.info(access.reason)
        st.button("Log in", on_click=st.login, args=(access.provider or None,), key="login",
                  type="primary")
        return
    st.error(md_escape(access.reason))
    st.button("Log out", on_click=st.logout, key="logout")
