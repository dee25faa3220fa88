// Package auth holds the credential rules of OneFunnel: password hashing,
// access tokens, opaque secrets (refresh tokens, API keys), roles and scopes,
// and the login rate limiter. It knows nothing of HTTP or storage; the API
// layer calls it and storage keeps only the hashes it produces.
package auth
