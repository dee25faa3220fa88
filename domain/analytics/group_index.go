package analytics

// groupIndex interns group keys to dense ids, so that the per-touch work of an
// Attributor indexes slices instead of hashing into maps of totals.
type groupIndex struct {
	ids  map[string]int
	keys []string // by id
	// The previous lookup: a journey's touches often repeat a channel, and a
	// string compare is cheaper than a hash.
	lastKey string
	lastID  int
}

func (x *groupIndex) id(key string) int {
	if len(x.keys) > 0 && key == x.lastKey {
		return x.lastID
	}
	id, ok := x.ids[key]
	if !ok {
		if x.ids == nil {
			x.ids = make(map[string]int)
		}
		id = len(x.keys)
		x.ids[key] = id
		x.keys = append(x.keys, key)
	}
	x.lastKey, x.lastID = key, id
	return id
}

func (x *groupIndex) len() int { return len(x.keys) }
