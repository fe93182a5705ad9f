"""A small OpenID Connect provider for tests, served by a real HTTP server on 127.0.0.1 in a
thread of the test process (never the network).

It follows OpenID Connect Core 1.0 and Discovery 1.0 for the authorisation code flow:
a discovery document, an authorisation endpoint that approves the configured person at once
(no login form), a token endpoint (client_secret_basic or _post, PKCE S256 required, a code
works once), a JWKS with an RSA key generated when the provider starts, and userinfo. The ID
token is an RS256 JWT with iss, sub, aud, exp, iat, nonce, at_hash and the person's claims.

`tamper` makes it misbehave the way the tests need: a wrong audience, an expired token, a
signature by another key, a token replayed from an earlier sign-in, no ID token.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@dataclass
class Grant:
    client_id: str
    redirect_uri: str
    nonce: str | None
    code_challenge: str
    claims: dict[str, Any]


@dataclass
class LocalProvider:
    client_id: str = "kommunenettverk-test"
    client_secret: str = "hemmelig-test"
    redirect_uris: list[str] = field(default_factory=list)
    # The person the authorisation endpoint signs in: sub, email, email_verified, name, …
    person: dict[str, Any] = field(default_factory=dict)
    # "aud": audience to put in the ID token; "exp_offset": seconds from now (negative:
    # expired); "other_key": sign with a key not in the JWKS; "id_token": send this ID token
    # instead of a fresh one; "no_id_token": leave it out.
    tamper: dict[str, Any] = field(default_factory=dict)
    issued: list[str] = field(default_factory=list)  # every ID token sent, oldest first
    authorize_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-1", "use": "sig"})
        self.other_key = RSAKey.generate_key(2048, parameters={"kid": "test-1", "use": "sig"})
        self.grants: dict[str, Grant] = {}
        self.tokens: dict[str, dict[str, Any]] = {}
        self._server: ThreadingHTTPServer | None = None

    # --- running ------------------------------------------------------------------------------
    def start(self) -> LocalProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                provider._get(self)

            def do_POST(self) -> None:
                provider._post(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    @property
    def issuer(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    # --- endpoints ----------------------------------------------------------------------------
    def _get(self, h: BaseHTTPRequestHandler) -> None:
        url = urlsplit(h.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == "/.well-known/openid-configuration":
            self._json(h, 200, self._discovery())
        elif url.path == "/jwks":
            self._json(h, 200, dict(KeySet([self.key]).as_dict(private=False)))
        elif url.path == "/authorize":
            self._authorize(h, query)
        elif url.path == "/userinfo":
            token = h.headers.get("Authorization", "").removeprefix("Bearer ")
            if token not in self.tokens:
                self._json(h, 401, {"error": "invalid_token"})
            else:
                self._json(h, 200, self.tokens[token])
        else:
            self._json(h, 404, {"error": "not_found"})

    def _post(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length", "0"))
        form = {k: v[0] for k, v in parse_qs(h.rfile.read(length).decode()).items()}
        if urlsplit(h.path).path != "/token":
            self._json(h, 404, {"error": "not_found"})
            return
        self._token(h, form)

    def _discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "scopes_supported": ["openid", "email", "profile"],
            "claims_supported": ["sub", "email", "email_verified", "name", "acr"],
        }

    def _authorize(self, h: BaseHTTPRequestHandler, q: dict[str, str]) -> None:
        self.authorize_requests.append(q)
        if q.get("client_id") != self.client_id or q.get("redirect_uri") not in self.redirect_uris:
            self._json(h, 400, {"error": "invalid_request", "error_description": "client"})
            return
        redirect = q["redirect_uri"]
        state = q.get("state", "")
        if q.get("response_type") != "code" or "openid" not in q.get("scope", "").split():
            self._redirect(h, redirect, {"error": "unsupported_response_type", "state": state})
            return
        if q.get("code_challenge_method") != "S256" or not q.get("code_challenge"):
            self._redirect(h, redirect, {"error": "invalid_request", "state": state})
            return
        code = secrets.token_urlsafe(24)
        self.grants[code] = Grant(
            client_id=q["client_id"],
            redirect_uri=redirect,
            nonce=q.get("nonce"),
            code_challenge=q["code_challenge"],
            claims=dict(self.person),
        )
        self._redirect(h, redirect, {"code": code, "state": state})

    def _client_authenticated(self, h: BaseHTTPRequestHandler, form: dict[str, str]) -> bool:
        auth = h.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            client_id, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            client_id, secret = form.get("client_id", ""), form.get("client_secret", "")
        return client_id == self.client_id and secret == self.client_secret

    def _token(self, h: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        if not self._client_authenticated(h, form):
            self._json(h, 401, {"error": "invalid_client"})
            return
        grant = self.grants.pop(form.get("code", ""), None)  # a code works once
        if (
            form.get("grant_type") != "authorization_code"
            or grant is None
            or grant.redirect_uri != form.get("redirect_uri")
        ):
            self._json(h, 400, {"error": "invalid_grant"})
            return
        verifier = form.get("code_verifier", "")
        if _b64(hashlib.sha256(verifier.encode()).digest()) != grant.code_challenge:
            self._json(h, 400, {"error": "invalid_grant", "error_description": "PKCE"})
            return
        access_token = secrets.token_urlsafe(24)
        self.tokens[access_token] = grant.claims
        body: dict[str, Any] = {
            "access_token": access_token,
            "token_type": "Bearer",
            "expires_in": 300,
        }
        if not self.tamper.get("no_id_token"):
            body["id_token"] = self.tamper.get("id_token") or self._id_token(grant, access_token)
            self.issued.append(body["id_token"])
        self._json(h, 200, body)

    def _id_token(self, grant: Grant, access_token: str) -> str:
        now = int(time.time())
        digest = hashlib.sha256(access_token.encode()).digest()
        claims = {
            **grant.claims,
            "iss": self.issuer,
            "aud": self.tamper.get("aud", grant.client_id),
            "iat": now,
            "exp": now + int(self.tamper.get("exp_offset", 300)),
            "at_hash": _b64(digest[: len(digest) // 2]),
        }
        if grant.nonce is not None:
            claims["nonce"] = grant.nonce
        key = self.other_key if self.tamper.get("other_key") else self.key
        return jwt.encode({"alg": "RS256", "kid": "test-1"}, claims, key)

    # --- answers ------------------------------------------------------------------------------
    @staticmethod
    def _json(h: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        h.send_response(status)
        h.send_header("Content-Type", "application/json")
        h.send_header("Cache-Control", "no-store")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    @staticmethod
    def _redirect(h: BaseHTTPRequestHandler, to: str, params: dict[str, str]) -> None:
        h.send_response(302)
        h.send_header("Location", f"{to}{'&' if '?' in to else '?'}{urlencode(params)}")
        h.send_header("Content-Length", "0")
        h.end_headers()
