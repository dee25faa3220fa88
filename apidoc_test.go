package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The walkthrough in docs/api.md cannot drift from the script: every line of
// its shell blocks is a line of the script, and every curl command of the
// script is shown in the doc.
func TestAPIDocShowsTheWalkthroughScript(t *testing.T) {
	doc, err := os.ReadFile("docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	script, err := os.ReadFile(walkthroughScript)
	if err != nil {
		t.Fatal(err)
	}
	scriptLines := map[string]bool{}
	for _, l := range strings.Split(string(script), "\n") {
		scriptLines[strings.TrimRight(l, " \t")] = true
	}

	section := markdownSection(string(doc), "## Walkthrough")
	if section == "" {
		t.Fatal("docs/api.md has no \"## Walkthrough\" section")
	}
	docLines := shellBlockLines(section)
	docCurls := 0
	shown := map[string]bool{}
	for _, l := range docLines {
		if !scriptLines[l] {
			t.Errorf("docs/api.md shows a line that is not in %s:\n\t%s", walkthroughScript, l)
		}
		shown[l] = true
		if strings.Contains(l, "curl ") {
			docCurls++
		}
	}
	if docCurls < 12 {
		t.Errorf("the walkthrough shows %d curl commands; want every step's (at least 12)", docCurls)
	}
	for _, l := range strings.Split(string(script), "\n") {
		l = strings.TrimRight(l, " \t")
		if strings.Contains(l, "curl -sS") && !shown[l] {
			t.Errorf("%s runs a curl command the doc does not show:\n\t%s", walkthroughScript, l)
		}
	}
}

// markdownSection returns the text from the heading line to the next heading of the same level.
func markdownSection(doc, heading string) string {
	start := strings.Index(doc, "\n"+heading+"\n")
	if start < 0 {
		return ""
	}
	rest := doc[start+1+len(heading):]
	if end := strings.Index(rest, "\n## "); end >= 0 {
		rest = rest[:end]
	}
	return rest
}

// shellBlockLines returns the non-blank lines of the ```sh blocks.
func shellBlockLines(md string) []string {
	var out []string
	in := false
	for _, l := range strings.Split(md, "\n") {
		switch {
		case !in && strings.TrimSpace(l) == "```sh":
			in = true
		case in && strings.TrimSpace(l) == "```":
			in = false
		case in && strings.TrimSpace(l) != "":
			out = append(out, strings.TrimRight(l, " \t"))
		}
	}
	return out
}

// Codes the API source can produce that the doc deliberately leaves out.
var unlistedCodes = map[string]string{
	"error": "codeFor's fallback for 4xx statuses the API never raises",
}

// The error table of docs/api.md lists exactly the problem codes the API
// source can emit, read from the source itself: the Code of every apiError
// and problem literal, newAPIError's code argument, and codeFor's answers.
func TestAPIDocListsEveryErrorCode(t *testing.T) {
	emitted := problemCodesInSource(t, "api")
	if len(emitted) < 15 {
		t.Fatalf("found only %d codes in api/: the scan is broken: %v", len(emitted), emitted)
	}
	doc, err := os.ReadFile("docs/api.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([a-z_0-9]+)` \\| [0-9]{3} \\|").FindAllStringSubmatch(markdownSection(string(doc), "## Conventions"), -1) {
		listed[m[1]] = true
	}
	for code := range emitted {
		if !listed[code] && unlistedCodes[code] == "" {
			t.Errorf("the API emits %q but docs/api.md's error table does not list it", code)
		}
	}
	for code := range listed {
		if !emitted[code] {
			t.Errorf("docs/api.md lists %q, which the API never emits", code)
		}
	}
	for code := range unlistedCodes {
		if !emitted[code] {
			t.Errorf("unlistedCodes names %q, which the API no longer has: drop it", code)
		}
	}
}

// problemCodesInSource scans the non-test, non-generated Go files of dir.
func problemCodesInSource(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	add := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out[s] = true
			}
		}
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || strings.HasSuffix(f, ".gen.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit:
				if id, ok := n.Type.(*ast.Ident); ok && (id.Name == "apiError" || id.Name == "problem") {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok && isIdent(kv.Key, "Code") {
							add(kv.Value)
						}
					}
				}
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == "newAPIError" && len(n.Args) == 3 {
					add(n.Args[1])
				}
			case *ast.FuncDecl:
				if n.Name.Name == "codeFor" {
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if r, ok := m.(*ast.ReturnStmt); ok && len(r.Results) == 1 {
							add(r.Results[0])
						}
						return true
					})
				}
			}
			return true
		})
	}
	keys := make([]string, 0, len(out))
	for k := range out {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	t.Logf("problem codes in %s/: %s", dir, strings.Join(keys, " "))
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
