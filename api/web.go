package api

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/labstack/echo/v4"
)

// specJSON serves the contract the server was generated from.
func specJSON(spec *openapi3.T) echo.HandlerFunc {
	body, err := json.Marshal(spec)
	return func(c echo.Context) error {
		if err != nil {
			return err
		}
		return c.Blob(http.StatusOK, echo.MIMEApplicationJSON, body)
	}
}

// apiDocs is a self-contained reference page that reads /api/v1/openapi.json
// (no third-party scripts, so the CSP stays strict).
func apiDocs(c echo.Context) error {
	return c.HTML(http.StatusOK, docsPage)
}

// apiDocsScript renders the spec; a file, not inline, so the CSP's script-src 'self' allows it.
func apiDocsScript(c echo.Context) error {
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", []byte(docsScript))
}

// webApp serves the embedded web app: hashed assets cache for a year, a
// missing asset is a 404 (not the app's HTML under a .js name), an unknown
// /api/ path is a 404 problem, and any other path falls back to index.html
// for client-side routing.
func webApp(e *echo.Echo, files fs.FS) {
	fileServer := http.FileServer(http.FS(files))
	serve := func(c echo.Context) error {
		if strings.HasPrefix(c.Request().URL.Path, "/api/") {
			return echo.ErrNotFound
		}
		p := strings.TrimPrefix(path.Clean(c.Request().URL.Path), "/")
		if p == "" {
			p = "index.html"
		}
		st, err := fs.Stat(files, p)
		switch {
		case err != nil && strings.HasPrefix(p, "assets/"):
			return echo.ErrNotFound
		case err != nil || st.IsDir() || p == "index.html":
			index, err := fs.ReadFile(files, "index.html")
			if err != nil {
				return echo.ErrNotFound
			}
			c.Response().Header().Set("Cache-Control", "no-cache")
			return c.HTMLBlob(http.StatusOK, index)
		}
		if strings.HasPrefix(p, "assets/") {
			c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		} else {
			c.Response().Header().Set("Cache-Control", "no-cache")
		}
		fileServer.ServeHTTP(c.Response(), c.Request())
		return nil
	}
	e.GET("/", serve)
	e.GET("/t.js", trackerScript(files))
	e.GET("/*", serve)
}

// trackerScript serves t.js, the tracker customers' sites load from their
// own pages: any origin may fetch it, and a short cache lets a new version
// reach every site within minutes (its URL is fixed: sites embed it). Without
// a build it is a 404, never the app's HTML under a script's name.
func trackerScript(files fs.FS) echo.HandlerFunc {
	return func(c echo.Context) error {
		body, err := fs.ReadFile(files, "t.js")
		if err != nil {
			return echo.ErrNotFound
		}
		h := c.Response().Header()
		h.Set("Access-Control-Allow-Origin", "*")
		h.Set("Cache-Control", "public, max-age=300")
		return c.Blob(http.StatusOK, "text/javascript; charset=utf-8", body)
	}
}

const docsPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>OneFunnel API</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:960px;padding:24px;color:#1f2937}
h1{margin:0 0 4px} .op{border:1px solid #e5e7eb;border-radius:8px;margin:8px 0;padding:8px 12px}
.m{display:inline-block;min-width:64px;font-weight:700;font-family:monospace} .p{font-family:monospace}
.get{color:#2563eb}.post{color:#16a34a}.patch{color:#d97706}.delete{color:#dc2626}
pre{background:#f3f4f6;padding:8px;border-radius:6px;overflow:auto;font-size:13px} summary{cursor:pointer}
</style></head><body>
<h1>OneFunnel API</h1><p>The contract: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1).</p>
<div id="desc"></div><div id="ops">Loading…</div>
<script src="/api/docs.js"></script></body></html>`

const docsScript = `fetch('/api/v1/openapi.json').then(r=>r.json()).then(spec=>{
  const ops=document.getElementById('ops'); ops.textContent='';
  document.getElementById('desc').textContent=spec.info.description||'';
  for (const [p,item] of Object.entries(spec.paths)) for (const [m,op] of Object.entries(item)) {
    if (!op || !op.operationId) continue;
    const d=document.createElement('details'); d.className='op';
    const s=document.createElement('summary');
    const mm=document.createElement('span'); mm.className='m '+m; mm.textContent=m.toUpperCase();
    const pp=document.createElement('span'); pp.className='p'; pp.textContent=p+'  ';
    const sm=document.createElement('span'); sm.textContent=op.summary||op.operationId;
    s.append(mm,pp,sm); d.append(s);
    const pre=document.createElement('pre'); pre.textContent=JSON.stringify({parameters:op.parameters,requestBody:op.requestBody,responses:op.responses,security:op.security},null,2);
    d.append(pre); ops.append(d);
  }
  const sch=document.createElement('details'); sch.className='op';
  const ss=document.createElement('summary'); ss.textContent='Schemas'; sch.append(ss);
  const pre=document.createElement('pre'); pre.textContent=JSON.stringify(spec.components.schemas,null,2); sch.append(pre); ops.append(sch);
});
`
