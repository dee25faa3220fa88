// Package frontend embeds the built web app so that one binary serves the UI.
//
// Vite writes the build to dist/, which is not committed (no build output in the
// repository). dist/.keep is committed so that the embed pattern below always
// matches and `go build` works in a fresh clone before anyone has run npm; the
// binary then serves a placeholder page that says how to build the app.
package frontend

import (
	"embed"
	"io/fs"
	"testing/fstest"
)

// all: is needed so that dist/.keep (a dot file) satisfies the pattern.
//
//go:embed all:dist
var dist embed.FS

//go:embed placeholder.html
var placeholder []byte

// Assets returns the web app's files, rooted at dist/, and true when a build is
// embedded. Without a build it returns a file system holding only index.html,
// the placeholder page, and false.
func Assets() (fs.FS, bool) {
	built, err := fs.Sub(dist, "dist")
	if err == nil {
		if _, err := fs.Stat(built, "index.html"); err == nil {
			return built, true
		}
	}
	// fstest.MapFS is the standard library's complete read-only in-memory FS
	// (directories, Stat, ReadDir); the package does not import "testing".
	return fstest.MapFS{"index.html": &fstest.MapFile{Data: placeholder, Mode: 0o444}}, false
}
