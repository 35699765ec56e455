#!/usr/bin/env bash
# Gives a user an Emergency Tokencode through RSA's Cloud Administration REST API with bash, curl and openssl
# only (no jq: the few JSON fields needed are read with sed).
#
# The workflow (the same against the real tenant and against cloud-admin-fake):
#   1. POST v1/users/lookup {"email"}                      -> the user's `id`
#   2. PUT  v1/users/{id}/emergencyTokencode {"expirationDays": 3}
#                                                          -> the SERVER generates the code and returns it here
#   3. POST v1/users/lookup again                          -> emergencyAccessStatus "Enabled"
#   4. DELETE v1/users/{id}/emergencyTokencode/{codeId}    -> 200, empty body (this demo undoes its change)
#
# Run:  bash examples/curl-openssl.sh <api-key-file> <email>
#   or: CLOUD_ADMIN_KEY_FILE=... CLOUD_ADMIN_EMAIL=... bash examples/curl-openssl.sh
# Over HTTPS with the fake's self-signed certificate: CA_CERT=<cloud-admin-fake.cert.pem> bash ...
set -euo pipefail

key_file=${1:-${CLOUD_ADMIN_KEY_FILE:-}}
email=${2:-${CLOUD_ADMIN_EMAIL:-}}
if [[ -z $key_file || -z $email ]]; then
  echo "Usage: $0 <api-key-file> <email>   (or set CLOUD_ADMIN_KEY_FILE and CLOUD_ADMIN_EMAIL)" >&2
  exit 2
fi

# Prints the string value of a top-level "field" of a flat JSON document (the key file, or an API answer),
# with the JSON escapes \/ \" \\ and \n undone. Prints nothing when the field is absent or not a string.
json_string() {
  local field=$1 json=$2 raw
  raw=$(printf '%s' "$json" | tr -d '\r\n' |
    sed -nE "s/.*\"$field\"[[:space:]]*:[[:space:]]*\"(([^\"\\\\]|\\\\.)*)\".*/\\1/p")
  raw=${raw//\\\//\/}
  raw=${raw//\\\"/\"}
  raw=${raw//\\n/$'\n'}
  printf '%s' "${raw//\\\\/\\}"
}

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

key_json=$(cat "$key_file")
access_id=$(json_string accessID "$key_json")
aud=$(json_string adminRestApiUrl "$key_json")
api_url=$aud
[[ $api_url == */ ]] || api_url="$api_url/"
if [[ -z $access_id || -z $aud ]]; then
  echo "Key file $key_file has no accessID or adminRestApiUrl" >&2
  exit 1
fi

# The accessKey (PEM RSA private key) goes to a file only we can read, removed on exit.
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"' EXIT
umask 077
json_string accessKey "$key_json" >"$workdir/access-key.pem"
echo >>"$workdir/access-key.pem"

# The bearer JWT, signed by hand: RS256 with the accessKey, sub = accessID, aud = adminRestApiUrl, one hour.
iat=$(date +%s)
header=$(printf '%s' '{"typ":"JWT","alg":"RS256"}' | base64url)
claims=$(printf '{"sub":"%s","aud":"%s","iat":%d,"exp":%d}' "$access_id" "$aud" "$iat" "$((iat + 3600))" |
  base64url)
signature=$(printf '%s' "$header.$claims" | openssl dgst -sha256 -sign "$workdir/access-key.pem" -binary | base64url)
token="$header.$claims.$signature"
echo "Signed a JWT (RS256) for accessID $access_id, aud $aud, valid 3600 s"

curl_tls=()
if [[ -n ${CA_CERT:-} ]]; then curl_tls=(--cacert "$CA_CERT"); fi

# call METHOD PATH [JSON-BODY]: sets $body and $status; exits printing the answer unless it is a 2xx.
call() {
  local method=$1 path=$2 data=${3:-} out
  local args=(--silent --show-error --max-time 30 --request "$method" ${curl_tls[@]+"${curl_tls[@]}"}
    --header "Authorization: Bearer $token" --dump-header "$workdir/headers" --output "$workdir/body"
    --write-out '%{http_code}')
  if [[ -n $data ]]; then args+=(--header 'Content-Type: application/json' --data "$data"); fi
  out=$(curl "${args[@]}" "$api_url$path") || {
    echo "$method $path failed: curl could not complete the request" >&2
    exit 1
  }
  status=$out
  body=$(cat "$workdir/body")
  if [[ $status != 2?? ]]; then
    echo "$method $path failed: HTTP $status $body" >&2
    grep -i '^x-fake-reason:' "$workdir/headers" >&2 || true
    exit 1
  fi
}

echo "1. POST v1/users/lookup for $email"
call POST v1/users/lookup "{\"email\":\"$email\",\"searchUnsynched\":false}"
user_id=$(json_string id "$body")
echo "   user id $user_id, emergencyAccessStatus $(json_string emergencyAccessStatus "$body")"

echo "2. PUT v1/users/$user_id/emergencyTokencode {\"expirationDays\": 3}"
echo "   The server generates the code and returns it in this response:"
call PUT "v1/users/$user_id/emergencyTokencode" '{"expirationDays":3}'
code_id=$(json_string emergencyTokencodeId "$body")
echo "emergencyTokencode: $(json_string emergencyTokencode "$body")"
echo "emergencyTokencodeId: $code_id"
echo "expirationDate: $(json_string expirationDate "$body")"

echo "3. POST v1/users/lookup again"
call POST v1/users/lookup "{\"email\":\"$email\",\"searchUnsynched\":false}"
echo "emergencyAccessStatus: $(json_string emergencyAccessStatus "$body")"

echo "4. DELETE v1/users/$user_id/emergencyTokencode/$code_id (this demo undoes its change)"
call DELETE "v1/users/$user_id/emergencyTokencode/$code_id"
echo "disabled: HTTP $status"
