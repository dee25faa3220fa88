package frontend

import (
	"io/fs"
	"strings"
	"testing"
)

func TestAssetsServesAnIndexPage(t *testing.T) {
	assets, built := Assets()
	page, err := fs.ReadFile(assets, "index.html")
	if err != nil {
		t.Fatalf("index.html: %v", err)
	}
	if !strings.Contains(strings.ToLower(string(page)), "<html") {
		t.Errorf("index.html is not an HTML page: %.80q", page)
	}
	if !built && !strings.Contains(string(page), "make run") {
		t.Error("placeholder page does not say how to build the web app")
	}
}
