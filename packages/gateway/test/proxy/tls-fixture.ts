// A self-signed certificate for `tls.internal` (EC P-256, valid until 2126), test use only:
// an HTTPS origin for the proxy tests. Generated with
//   openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500 \
//     -subj /CN=tls.internal -addext subjectAltName=DNS:tls.internal

export const TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7ueZ80oCa/iPAWDe
X6L+cjgafwovq/TkzQplyw5VsqyhRANCAASvWBJ4p5VykTjdSifd9vJj2rlqkuEr
NGYSvBarPCPyBrt3r/yy2UIE4nqNSke8hDzJO/yVXqvynmHAD4t+tWzm
-----END PRIVATE KEY-----
`;

export const TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBnjCCAUSgAwIBAgIUKkEKy5MaF4aKum8qZU50iYMXU+cwCgYIKoZIzj0EAwIw
FzEVMBMGA1UEAwwMdGxzLmludGVybmFsMCAXDTI2MTEyNjA3NDAzNVoYDzIxMjYx
MTAyMDc0MDM1WjAXMRUwEwYDVQQDDAx0bHMuaW50ZXJuYWwwWTATBgcqhkjOPQIB
BggqhkjOPQMBBwNCAASvWBJ4p5VykTjdSifd9vJj2rlqkuErNGYSvBarPCPyBrt3
r/yy2UIE4nqNSke8hDzJO/yVXqvynmHAD4t+tWzmo2wwajAdBgNVHQ4EFgQUl+Zk
GfUgvKeRlJm9c9yhUAp50aUwHwYDVR0jBBgwFoAUl+ZkGfUgvKeRlJm9c9yhUAp5
0aUwDwYDVR0TAQH/BAUwAwEB/zAXBgNVHREEEDAOggx0bHMuaW50ZXJuYWwwCgYI
KoZIzj0EAwIDSAAwRQIgXL036VMTqz2qndZDDn4ALAIwn6kvi8EDVBxMIlEXzkYC
IQCNP6J4N3mJrAewI5vOQivs88Pl50gydE2UeNAaPFMeIg==
-----END CERTIFICATE-----
`;
