package bench

import (
	"fmt"
	"net/url"
	"time"

	"github.com/valyala/fasthttp"
)

// trackerClient sends the tracking load: fasthttp's client, which writes a
// request and reads its answer on the calling goroutine, where net/http's
// Transport hands each over to two goroutines of its connection's.
type trackerClient struct {
	hc   *fasthttp.HostClient
	base string
	auth string
}

func newTrackerClient(base, auth string, conns int) (*trackerClient, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	// A sender finding every connection busy waits for one, as with
	// net/http's MaxConnsPerHost (bench-lag's probes share the load's
	// connections); fasthttp's default is to fail at once.
	hc := &fasthttp.HostClient{Addr: u.Host, MaxConns: conns, MaxConnWaitTimeout: 30 * time.Second,
		ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second, MaxIdleConnDuration: time.Minute}
	return &trackerClient{hc: hc, base: base, auth: auth}, nil
}

// post sends body to path; any answer but 200 is an error.
func (c *trackerClient) post(path string, body []byte) error {
	req, res := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
	defer fasthttp.ReleaseRequest(req)
	defer fasthttp.ReleaseResponse(res)
	req.SetRequestURI(c.base + path)
	req.Header.SetMethod(fasthttp.MethodPost)
	req.Header.SetContentType("application/json")
	req.Header.Set(fasthttp.HeaderAuthorization, c.auth)
	req.SetBodyRaw(body)
	if err := c.hc.Do(req, res); err != nil {
		return err
	}
	if res.StatusCode() != fasthttp.StatusOK {
		return fmt.Errorf("POST %s: status %d, want 200: %.300s", path, res.StatusCode(), res.Body())
	}
	return nil
}
