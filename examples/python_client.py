#!/usr/bin/env python3
"""Gives a user an Emergency Tokencode through RSA's Cloud Administration REST API with requests and PyJWT.

The workflow (the same against the real tenant and against cloud-admin-fake):
  1. POST v1/users/lookup {"email"}                      -> the user's `id`
  2. PUT  v1/users/{id}/emergencyTokencode {"expirationDays": 3}
                                                         -> the SERVER generates the code and returns it here
  3. POST v1/users/lookup again                          -> emergencyAccessStatus "Enabled"
  4. DELETE v1/users/{id}/emergencyTokencode/{codeId}    -> 200, empty body (this demo undoes its change)
  5. POST v2/users/search?pageSize=10&pageNumber=N {"emailLike": "@<domain>"}
                                                         -> every page, until pageNumber reaches totalPages
  6. GET  v1/adminlog/exportlogs?startTimeAfter=...&pageNumber=N
                                                         -> the admin log of the last hour, every page (it shows
                                                            the code enabled and disabled in steps 2 and 4)

The JWT's audience here is the ORIGIN of adminRestApiUrl (scheme and host, e.g.
https://company.access.securid.com), as the open-source pydplus library signs it; the full adminRestApiUrl
works too.

Needs: Python 3.8+, requests, PyJWT with cryptography
  (Debian/Ubuntu: apt-get install python3-requests python3-jwt python3-cryptography;
   elsewhere: pip install requests "pyjwt[crypto]")
Run:  python3 examples/python_client.py <api-key-file> <email>
  or: CLOUD_ADMIN_KEY_FILE=... CLOUD_ADMIN_EMAIL=... python3 examples/python_client.py
Over HTTPS with the fake's self-signed certificate: REQUESTS_CA_BUNDLE=<cloud-admin-fake.cert.pem> python3 ...
"""
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit

import jwt
import requests


def origin_of(url):
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def sign_token(api_key):
    """The bearer JWT: RS256 with the accessKey, sub = accessID, aud = origin of adminRestApiUrl, one hour."""
    iat = int(time.time())
    claims = {
        "sub": api_key["accessID"],
        "aud": origin_of(api_key["adminRestApiUrl"]),
        "iat": iat,
        "exp": iat + 3600,
    }
    return jwt.encode(claims, api_key["accessKey"], algorithm="RS256", headers={"typ": "JWT"})


def main():
    key_file = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("CLOUD_ADMIN_KEY_FILE")
    email = sys.argv[2] if len(sys.argv) > 2 else os.environ.get("CLOUD_ADMIN_EMAIL")
    if not key_file or not email:
        print("Usage: python3 examples/python_client.py <api-key-file> <email>", file=sys.stderr)
        print("   or: set CLOUD_ADMIN_KEY_FILE and CLOUD_ADMIN_EMAIL", file=sys.stderr)
        return 2

    try:
        with open(key_file, encoding="utf-8") as f:
            api_key = json.load(f)
    except (OSError, ValueError) as error:
        print(f"Failed to read the key file {key_file}: {error}", file=sys.stderr)
        return 1
    base_url = api_key["adminRestApiUrl"]
    if not base_url.endswith("/"):
        base_url += "/"

    token = sign_token(api_key)
    print(
        f"Signed a JWT (RS256) for accessID {api_key['accessID']}, "
        f"aud {origin_of(api_key['adminRestApiUrl'])}, valid 3600 s"
    )
    session = requests.Session()  # verifies TLS; honours REQUESTS_CA_BUNDLE
    session.headers["Authorization"] = f"Bearer {token}"

    def call(method, path, body=None, params=None):
        response = session.request(method, base_url + path, json=body, params=params, timeout=30)
        if not response.ok:
            reason = response.headers.get("X-Fake-Reason")
            print(
                f"{method} {path} failed: HTTP {response.status_code} {response.text}"
                + (f" (reason: {reason})" if reason else ""),
                file=sys.stderr,
            )
            sys.exit(1)
        return response

    print(f"1. POST v1/users/lookup for {email}")
    user = call("POST", "v1/users/lookup", {"email": email, "searchUnsynched": False}).json()
    print(f"   user id {user['id']}, emergencyAccessStatus {user['emergencyAccessStatus']}")

    print(f"2. PUT v1/users/{user['id']}/emergencyTokencode {{\"expirationDays\": 3}}")
    print("   The server generates the code and returns it in this response:")
    code = call("PUT", f"v1/users/{user['id']}/emergencyTokencode", {"expirationDays": 3}).json()
    print(f"emergencyTokencode: {code['emergencyTokencode']}")
    print(f"emergencyTokencodeId: {code['emergencyTokencodeId']}")
    print(f"expirationDate: {code['expirationDate']}")

    print("3. POST v1/users/lookup again")
    after = call("POST", "v1/users/lookup", {"email": email, "searchUnsynched": False}).json()
    print(f"emergencyAccessStatus: {after['emergencyAccessStatus']}")

    print(
        f"4. DELETE v1/users/{user['id']}/emergencyTokencode/{code['emergencyTokencodeId']}"
        " (this demo undoes its change)"
    )
    disabled = call("DELETE", f"v1/users/{user['id']}/emergencyTokencode/{code['emergencyTokencodeId']}")
    print(f"disabled: HTTP {disabled.status_code}")

    domain = "@" + email.split("@")[-1]
    print(f"5. POST v2/users/search {{\"emailLike\": \"{domain}\"}}, 10 users a page")
    found = []
    page_number = 0
    while True:
        page = call(
            "POST", "v2/users/search", {"emailLike": domain}, params={"pageSize": 10, "pageNumber": page_number}
        ).json()
        found.extend(user["emailAddress"] for user in page["elements"])
        print(f"search page {page_number}: {len(page['elements'])} users")
        page_number += 1
        if page_number >= page["totalPages"]:
            break
    print(f"searched: {len(found)} of {page['totalElements']} users in {page_number} pages")

    since = datetime.now(timezone.utc) - timedelta(hours=1)
    start = since.strftime("%Y-%m-%dT%H:%M:%S.") + f"{since.microsecond // 1000:03d}Z"
    print(f"6. GET v1/adminlog/exportlogs?startTimeAfter={start}, every page")
    page_number = 0
    while True:
        log = call(
            "GET", "v1/adminlog/exportlogs", params={"startTimeAfter": start, "pageNumber": page_number, "pageSize": 100}
        ).json()
        for entry in log["elements"]:
            print(f"admin log: {entry['eventLogDate']} {entry['activityKey']} {entry['targetObject1Name']}")
        page_number += 1
        if page_number >= log["totalPages"]:
            break
    print(f"admin log entries: {log['totalElements']}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except requests.RequestException as error:
        print(f"Request failed: {error}", file=sys.stderr)
        sys.exit(1)
