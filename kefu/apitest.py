"""Test helper for the HTTP API: a Django test client that speaks JSON with a bearer token."""

import json

from django.test import Client

from accounts.models import ApiToken, Staff


class ApiClient:
    """`ApiClient(world.agent).post("/api/v1/tickets", {...})` — the persona's own token."""

    def __init__(self, user: Staff | None = None, *, token: str | None = None, **defaults):
        self.client = Client(**defaults)
        self.token = token if token is not None else (ApiToken.issue(user) if user is not None else None)

    def _headers(self, headers: dict | None) -> dict:
        out = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        out.update(headers or {})
        return out

    def get(self, path: str, params: dict | None = None, *, headers: dict | None = None):
        return self.client.get(path, params or {}, headers=self._headers(headers))

    def post(
        self,
        path: str,
        body=None,
        *,
        content_type: str = "application/json",
        raw: bytes | str | None = None,
        headers=None,
    ):
        data = raw if raw is not None else ("" if body is None else json.dumps(body, ensure_ascii=False))
        return self.client.post(path, data, content_type=content_type, headers=self._headers(headers))

    def delete(self, path: str, *, headers: dict | None = None):
        return self.client.delete(path, headers=self._headers(headers))

    def patch(self, path: str, body=None, *, headers: dict | None = None):
        return self.client.patch(
            path,
            json.dumps(body or {}, ensure_ascii=False),
            content_type="application/json",
            headers=self._headers(headers),
        )

    def upload(self, path: str, data: dict, *, headers: dict | None = None):
        """A multipart form post (file uploads)."""
        return self.client.post(path, data, headers=self._headers(headers))

    def put(self, path: str, body=None, *, headers: dict | None = None):
        return self.client.put(
            path, json.dumps(body or {}), content_type="application/json", headers=self._headers(headers)
        )


def error_of(response) -> dict:
    """The `error` object of an error answer, after checking the answer has the house format."""
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    assert body["error"]["message"], body
    return body["error"]
