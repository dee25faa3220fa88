package tracking

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/onefunnel/onefunnel/domain"
)

// Limits on one message's content (SECURITY.md). Identifiers longer than
// these are not identifiers; deeper or wider objects than these are attacks
// on whoever reads them later (reports, the timeline, exports).
const (
	MaxMessageIDLen = 100 // characters
	MaxIDLen        = 255 // characters: anonymousId, userId, previousId, groupId
	MaxObjectDepth  = 32  // nesting inside properties, traits, context, integrations
	MaxObjectKeys   = 256 // keys in any one object
	MaxStringBytes  = 8 << 10
)

// checkRules applies the Segment Spec's per-call requirements, the ones its
// HTTP API documents as reasons an event is not accepted: an identity
// (userId and/or anonymousId) on every call and an event name on track.
func checkRules(v *domain.ValidationError, m *Message) {
	if !m.Type.Valid() {
		return // decodeType said why
	}
	switch m.Type {
	case TypeAlias:
		// Alias links PreviousID to UserID; both are required.
		if m.PreviousID == "" {
			v.Add("previousId", "required", "an alias call needs the previousId being merged")
		}
		if m.UserID == "" {
			v.Add("userId", "required", "an alias call needs the userId it merges into")
		}
		return
	case TypeTrack:
		if strings.TrimSpace(m.Event) == "" {
			v.Add("event", "required", "a track call needs an event name")
		}
	case TypeGroup:
		if m.GroupID == "" {
			v.Add("groupId", "required", "a group call needs a groupId")
		}
	}
	if m.UserID == "" && m.AnonymousID == "" {
		v.Add("userId", "required", "every call needs a userId or an anonymousId")
	}
}

// checkTree walks a decoded object and records its first problem: a string
// or key that is not storable text (NUL, which PostgreSQL refuses), a string
// over MaxStringBytes, an object with more than MaxObjectKeys keys, or
// nesting deeper than MaxObjectDepth. One error per field is enough for the
// client to fix it and keeps a hostile payload from producing a huge answer.
func checkTree(v *domain.ValidationError, field string, obj map[string]any) {
	if treeOK(obj, 1) {
		return // the common case, checked without sorting keys or building paths
	}
	if path, code, msg := walkValue(obj, field, 1); code != "" {
		v.Add(path, code, "%s", msg)
	}
}

func walkValue(val any, path string, depth int) (string, string, string) {
	switch x := val.(type) {
	case string:
		return checkString(x, path)
	case map[string]any:
		if depth > MaxObjectDepth {
			return path, "too_deep", fmt.Sprintf("nests deeper than %d levels", MaxObjectDepth)
		}
		if len(x) > MaxObjectKeys {
			return path, "too_many_keys", fmt.Sprintf("has more than %d keys", MaxObjectKeys)
		}
		for _, k := range slices.Sorted(maps.Keys(x)) { // sorted: the same payload names the same problem
			child := x[k]
			if _, code, msg := checkString(k, path); code != "" {
				return path, code, "a key " + msg // not path+"."+k: the key itself is unprintable
			}
			if p, code, msg := walkValue(child, path+"."+k, depth+1); code != "" {
				return p, code, msg
			}
		}
	case []any:
		if depth > MaxObjectDepth {
			return path, "too_deep", fmt.Sprintf("nests deeper than %d levels", MaxObjectDepth)
		}
		for i, child := range x {
			if p, code, msg := walkValue(child, path+"["+strconv.Itoa(i)+"]", depth+1); code != "" {
				return p, code, msg
			}
		}
	}
	return "", "", ""
}

// treeOK reports whether walkValue finds no problem in val, checking the
// same rules in any order.
func treeOK(val any, depth int) bool {
	switch x := val.(type) {
	case string:
		return stringOK(x)
	case map[string]any:
		if depth > MaxObjectDepth || len(x) > MaxObjectKeys {
			return false
		}
		for k, child := range x {
			if !stringOK(k) || !treeOK(child, depth+1) {
				return false
			}
		}
	case []any:
		if depth > MaxObjectDepth {
			return false
		}
		for _, child := range x {
			if !treeOK(child, depth+1) {
				return false
			}
		}
	}
	return true
}

func stringOK(s string) bool {
	return len(s) <= MaxStringBytes && utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

func checkString(s, path string) (string, string, string) {
	switch {
	case !utf8.ValidString(s):
		return path, "invalid_utf8", "must be valid UTF-8"
	case strings.ContainsRune(s, 0):
		return path, "nul_character", "must not contain NUL characters"
	case len(s) > MaxStringBytes:
		return path, "too_long", fmt.Sprintf("must be at most %d bytes", MaxStringBytes)
	}
	return "", "", ""
}

// Rejected is one message of a batch that was not accepted.
type Rejected struct {
	Index     int    // position in the batch array
	MessageID string // the client's messageId when it sent a usable one
	Err       error  // a *domain.ValidationError saying why
}

// BatchError reports the messages of a batch that broke a content rule. The
// others were accepted; see ParseBatch.
type BatchError struct {
	Rejected []Rejected
}

func (e *BatchError) Error() string {
	const shown = 3
	var b strings.Builder
	fmt.Fprintf(&b, "tracking: %d message(s) of the batch rejected", len(e.Rejected))
	for i, r := range e.Rejected {
		if i == shown {
			fmt.Fprintf(&b, "; and %d more", len(e.Rejected)-shown)
			break
		}
		fmt.Fprintf(&b, "; batch[%d]: %v", r.Index, r.Err)
	}
	return b.String()
}
