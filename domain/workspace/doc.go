// Package workspace is tenancy and access: signing up a workspace, members and
// their roles, invites, sessions (access and refresh tokens) and API keys. The
// cryptographic primitives it uses live in domain/auth.
package workspace
