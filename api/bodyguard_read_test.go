package api

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/labstack/echo/v4"
)

// readAll reads what io.ReadAll reads, whatever length the request claims,
// through readers that hand out a byte at a time, and passes errors on.
func TestReadAllReadsTheWholeBody(t *testing.T) {
	for _, n := range []int{0, 1, 511, 512, 513, 4096, 64 << 10, 64<<10 + 1, 300 << 10} {
		body := bytes.Repeat([]byte("0123456789abcdef"), n/16+1)[:n]
		for _, claimed := range []int64{-1, 0, int64(n) / 2, int64(n), int64(n) + 1, 2 * int64(n), 1 << 40} {
			for name, r := range map[string]io.Reader{"whole": bytes.NewReader(body), "one byte at a time": iotest.OneByteReader(bytes.NewReader(body))} {
				if n > 4096 && name != "whole" {
					continue
				}
				got, err := readAll(r, claimed)
				if err != nil || !bytes.Equal(got, body) {
					t.Fatalf("%d bytes said to be %d, read %s: %d bytes, %v", n, claimed, name, len(got), err)
				}
			}
		}
	}
	if _, err := readAll(iotest.TimeoutReader(strings.NewReader(strings.Repeat("x", 1000))), 1000); err == nil {
		t.Fatal("a failing read passed")
	}
}

// The tracking handlers take the body bodyGuard checked as it is, and one
// that something read since is read from where it was left.
func TestRequestBodyIsTheCheckedOne(t *testing.T) {
	body := []byte(`{"batch":[{"type":"track","event":"x","anonymousId":"a"}]}`)
	var got [][]byte
	h := bodyGuard(trackingLimits)(func(c echo.Context) error {
		b, err := requestBody(c.Request())
		if err != nil {
			return err
		}
		got = append(got, b)
		return nil
	})
	req := httptest.NewRequest(http.MethodPost, "/v1/batch", bytes.NewReader(body))
	req.Header.Set("Content-Type", "text/plain")
	if err := h(echo.New().NewContext(req, httptest.NewRecorder())); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !bytes.Equal(got[0], body) {
		t.Fatalf("handler got %q, want %q", got, body)
	}
	if rest, err := io.ReadAll(req.Body); err != nil || len(rest) != 0 {
		t.Fatalf("the body was taken, yet %d bytes are left to read (%v)", len(rest), err)
	}

	checked := checkedBody{bytes.NewReader(body), body}
	if b, err := requestBody(&http.Request{Body: checkedBody{bytes.NewReader(body), body}}); err != nil || &b[0] != &body[0] {
		t.Fatalf("the checked body was copied, or not taken: %v", err)
	}
	if _, err := io.ReadFull(checked, make([]byte, 10)); err != nil {
		t.Fatal(err)
	}
	rest, err := requestBody(&http.Request{Body: checked})
	if err != nil || !bytes.Equal(rest, body[10:]) {
		t.Fatalf("after 10 bytes were read: %q, %v", rest, err)
	}
}
