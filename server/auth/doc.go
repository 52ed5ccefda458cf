// Package auth owns users, passwords and JWT sessions, and puts the
// authenticated Principal on every request.
//
// A token names a user id and that user's token version. Every request
// re-reads the user, so deleting a user, changing their password or role
// (which bumps the version) ends their existing sessions at once. Roles
// are read from the database, never trusted from the token.
package auth
