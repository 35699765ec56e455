<#
.SYNOPSIS
  Gives a user an Emergency Tokencode through RSA's Cloud Administration REST API, with Invoke-RestMethod.

.DESCRIPTION
  UNTESTED: this script has not been run by the project's tests. PowerShell could not be installed on the
  machines the project is built and tested on (Debian without the Microsoft package repository; the npm package
  "pwsh" downloads PowerShell from GitHub, which those machines cannot reach). The other examples in this folder
  perform the same requests and are tested against cloud-admin-fake on every run.

  Needs PowerShell 7.2 or later (RSA.ImportFromPem is not in Windows PowerShell 5.1).

  The workflow (the same against the real tenant and against cloud-admin-fake):
    1. POST v1/users/lookup {"email"}                      -> the user's id
    2. PUT  v1/users/{id}/emergencyTokencode {"expirationDays": 3}
                                                           -> the SERVER generates the code and returns it here:
                                                              you do not choose the code
    3. POST v1/users/lookup again                          -> emergencyAccessStatus "Enabled"
    4. DELETE v1/users/{id}/emergencyTokencode/{codeId}    -> 200, empty body (this demo undoes its change)

.EXAMPLE
  pwsh ./examples/powershell-client.ps1 -KeyFile C:\keys\admin-api.key -Email jane.doe@example.com

.EXAMPLE
  $env:CLOUD_ADMIN_KEY_FILE = 'C:\keys\admin-api.key'; $env:CLOUD_ADMIN_EMAIL = 'jane.doe@example.com'
  pwsh ./examples/powershell-client.ps1

.NOTES
  Against cloud-admin-fake started with --tls: trust its certificate (cloud-admin-fake.cert.pem, next to the key
  file), e.g. on Windows: Import-Certificate -FilePath .\cloud-admin-fake.cert.pem -CertStoreLocation Cert:\CurrentUser\Root
  -SkipCertificateCheck turns verification off: use it only against the fake, never against the real tenant.
#>
param(
  [string]$KeyFile = $env:CLOUD_ADMIN_KEY_FILE,
  [string]$Email = $env:CLOUD_ADMIN_EMAIL,
  [switch]$SkipCertificateCheck
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

if (-not $KeyFile -or -not $Email) {
  [Console]::Error.WriteLine('Usage: pwsh ./examples/powershell-client.ps1 -KeyFile <api-key-file> -Email <email> (or set CLOUD_ADMIN_KEY_FILE and CLOUD_ADMIN_EMAIL)')
  exit 2
}

# The key file the Cloud Administration Console downloads: {customerName, accessID, accessKey, adminRestApiUrl, description}.
$apiKey = Get-Content -Raw -LiteralPath $KeyFile | ConvertFrom-Json
$baseUrl = $apiKey.adminRestApiUrl
if (-not $baseUrl.EndsWith('/')) { $baseUrl += '/' }

function ConvertTo-Base64Url([byte[]]$Bytes) {
  [Convert]::ToBase64String($Bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_')
}

# The bearer JWT, signed by hand: RS256 with the accessKey, sub = accessID, aud = adminRestApiUrl, one hour.
$iat = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds()
$header = ConvertTo-Base64Url ([Text.Encoding]::UTF8.GetBytes('{"typ":"JWT","alg":"RS256"}'))
$claimsJson = [ordered]@{ sub = $apiKey.accessID; aud = $apiKey.adminRestApiUrl; iat = $iat; exp = $iat + 3600 } |
  ConvertTo-Json -Compress
$claims = ConvertTo-Base64Url ([Text.Encoding]::UTF8.GetBytes($claimsJson))
$rsa = [System.Security.Cryptography.RSA]::Create()
$rsa.ImportFromPem($apiKey.accessKey)
$signature = $rsa.SignData(
  [Text.Encoding]::ASCII.GetBytes("$header.$claims"),
  [System.Security.Cryptography.HashAlgorithmName]::SHA256,
  [System.Security.Cryptography.RSASignaturePadding]::Pkcs1)
$token = "$header.$claims.$(ConvertTo-Base64Url $signature)"
Write-Output "Signed a JWT (RS256) for accessID $($apiKey.accessID), aud $($apiKey.adminRestApiUrl), valid 3600 s"

$headers = @{ Authorization = "Bearer $token" }

# Calls the API and returns the parsed JSON answer; prints the status and body and stops on an error.
function Invoke-CloudAdmin([string]$Method, [string]$Path, $Body) {
  $request = @{
    Method               = $Method
    Uri                  = "$baseUrl$Path"
    Headers              = $headers
    TimeoutSec           = 30
    SkipCertificateCheck = [bool]$SkipCertificateCheck
  }
  if ($null -ne $Body) {
    $request.ContentType = 'application/json'
    $request.Body = $Body | ConvertTo-Json -Compress
  }
  try {
    Invoke-RestMethod @request
  } catch {
    $response = $_.Exception.PSObject.Properties['Response']
    $status = if ($response -and $response.Value) { [int]$response.Value.StatusCode } else { 'no answer' }
    $details = if ($_.ErrorDetails) { $_.ErrorDetails.Message } else { '' }
    [Console]::Error.WriteLine("$Method $Path failed: HTTP $status $details $($_.Exception.Message)")
    exit 1
  }
}

Write-Output "1. POST v1/users/lookup for $Email"
$user = Invoke-CloudAdmin POST 'v1/users/lookup' @{ email = $Email; searchUnsynched = $false }
Write-Output "   user id $($user.id), emergencyAccessStatus $($user.emergencyAccessStatus)"

Write-Output "2. PUT v1/users/$($user.id)/emergencyTokencode {""expirationDays"": 3}"
Write-Output '   The server generates the code and returns it in this response:'
$code = Invoke-CloudAdmin PUT "v1/users/$($user.id)/emergencyTokencode" @{ expirationDays = 3 }
Write-Output "emergencyTokencode: $($code.emergencyTokencode)"
Write-Output "emergencyTokencodeId: $($code.emergencyTokencodeId)"
# ConvertFrom-Json turns ISO-8601 strings into DateTime: print it back as UTC ISO-8601.
$expiration = $code.expirationDate
if ($expiration -is [DateTime]) { $expiration = $expiration.ToUniversalTime().ToString('yyyy-MM-ddTHH:mm:ss.fffZ') }
Write-Output "expirationDate: $expiration"

Write-Output '3. POST v1/users/lookup again'
$after = Invoke-CloudAdmin POST 'v1/users/lookup' @{ email = $Email; searchUnsynched = $false }
Write-Output "emergencyAccessStatus: $($after.emergencyAccessStatus)"

Write-Output "4. DELETE v1/users/$($user.id)/emergencyTokencode/$($code.emergencyTokencodeId) (this demo undoes its change)"
Invoke-CloudAdmin DELETE "v1/users/$($user.id)/emergencyTokencode/$($code.emergencyTokencodeId)" $null | Out-Null
Write-Output 'disabled: HTTP 200'
