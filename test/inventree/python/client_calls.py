"""The HTTP calls of inventree-python 0.14.0 (inventree/api.py, InvenTreeAPI),
made with the real `requests` library against a running server.

Not the client's code: a transcription of what its connect(), get() and
delete() send and check (docs/inventree-clients.md), so a failure names the
exact check InvenTree's official client would fail on:

- testServer: requests.get(<host>/api/) without credentials; status must be
  200; the body's `server` should be "InvenTree" (a warning otherwise);
  int(apiVersion) must be >= MIN_SUPPORTED_API_VERSION (51 in 0.14.0).
- testAuth: get('user/me/') with HTTP Basic(username, password), or with
  `AUTHORIZATION: Token <token>` when constructed with a token.
- requestToken (username/password only): get('user/token/',
  params={'name': 'inventree-python-client'}) and keep response['token'].
- request(): every call sends json=data (`{}` when none: a JSON body, even on
  GET), params, the Token header once a token is known; any status >= 300
  raises HTTPError; for every method but DELETE the Content-Type header must
  equal 'application/json' exactly (else InvalidJSONError).
- get(): json.loads(response.text). delete(): the response (204 expected).

Input (stdin JSON): {"base": "http://127.0.0.1:PORT", "username", "password",
"token", "delete_pk", "mode": "password" | "token"}. Output: a JSON report.
"""

import json
import sys
from urllib.parse import urljoin

import requests
from requests.auth import HTTPBasicAuth

MIN_SUPPORTED_API_VERSION = 51
TOKEN_NAME = "inventree-python-client"
TIMEOUT = 10

calls = []


class Client:
    def __init__(self, base, username=None, password=None, token=None):
        self.api_url = urljoin(base.rstrip("/") + "/", "api/")
        self.username, self.password, self.token = username, password, token
        self.auth = None
        self.connected = False
        self.warnings = []
        self.connect()

    # connect(): testServer, then Basic auth, testAuth, requestToken when no token.
    def connect(self):
        self.connected = self.test_server()
        self.auth = HTTPBasicAuth(self.username, self.password)
        self.get("user/me/")  # testAuth: an HTTPError here is "Authentication ... failed"
        if not self.token:
            response = self.get("user/token/", params={"name": TOKEN_NAME})
            if "token" not in response:
                raise AssertionError(f"Token not returned by server: {response}")
            self.token = response["token"]

    def test_server(self):
        response = requests.get(self.api_url, timeout=TIMEOUT)
        calls.append({"method": "GET", "url": response.request.url, "status": response.status_code,
                      "content_type": response.headers.get("content-type"),
                      "authorization": response.request.headers.get("Authorization")})
        if response.status_code != 200:
            raise requests.exceptions.RequestException(f"Error code from server: {response.status_code} - {response.text}")
        self.server_details = json.loads(response.text)
        if str(self.server_details.get("server", "")).lower() != "inventree":
            self.warnings.append("Server returned strange response")
        api_version = int(self.server_details.get("apiVersion", "1"))
        if api_version < MIN_SUPPORTED_API_VERSION:
            raise ValueError(f"Server API version ({api_version}) is older than minimum supported API version")
        self.api_version = api_version
        return True

    def request(self, url, method, data=None, params=None):
        api_url = urljoin(self.api_url, url)
        headers = {}
        if self.token:
            headers["AUTHORIZATION"] = f"Token {self.token}"
            auth = None
        else:
            auth = self.auth
        response = getattr(requests, method.lower())(
            api_url, params=params or {}, timeout=TIMEOUT, headers=headers, auth=auth, json=data or {}, verify=True)
        sent = response.request
        calls.append({"method": method, "url": sent.url, "status": response.status_code,
                      "content_type": response.headers.get("content-type"),
                      "authorization": (sent.headers.get("Authorization") or sent.headers.get("AUTHORIZATION") or "").split(" ")[0] or None,
                      "request_content_type": sent.headers.get("Content-Type"), "request_body": sent.body.decode() if isinstance(sent.body, bytes) else sent.body})
        if response.status_code >= 300:
            raise requests.exceptions.HTTPError({"status_code": response.status_code, "body": response.text})
        if method == "DELETE":
            return response
        ctype = response.headers.get("content-type")
        if not ctype == "application/json":
            raise requests.exceptions.InvalidJSONError(f"'Response content-type is not JSON - '{api_url}' - '{ctype}'")
        return response

    def get(self, url, params=None):
        return json.loads(self.request(url, "GET", params=params).text)

    def delete(self, url, data=None):
        return self.request(url, "DELETE", data=data)


def main():
    spec = json.load(sys.stdin)
    report = {}
    try:
        if spec["mode"] == "password":
            api = Client(spec["base"], username=spec["username"], password=spec["password"])
        else:
            api = Client(spec["base"], token=spec["token"])
        report["api_version"] = api.api_version
        report["warnings"] = api.warnings
        report["token"] = api.token
        report["me"] = api.get("user/me/")
        report["pending"] = api.get("background-task/pending/")
        report["failed_page"] = api.get("background-task/failed/", params={"limit": 2, "offset": 1})
        report["overview"] = api.get("background-task/")
        deleted = api.delete("background-task/pending/", data={"items": [spec["delete_pk"]]})
        report["delete_status"] = deleted.status_code
        report["pending_after"] = api.get("background-task/pending/")
    except Exception as e:  # noqa: BLE001 - report what the client would raise
        report["error"] = f"{type(e).__module__}.{type(e).__name__}: {e}"
    report["calls"] = calls
    print(json.dumps(report))


main()
