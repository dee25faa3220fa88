package demo

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/tracking"
)

// Config says what to generate and where it goes. The target (workspace,
// stages, owners) is part of it so that every row of the plan is complete
// and the writer only copies.
type Config struct {
	Seed   uint64
	Now    time.Time // the end of the window; nothing happens after it
	Months int       // the window's length; 0 means 6
	// Scale multiplies every count: 1 is about 1,500 prospects and 40,000
	// touchpoints; 133 is about 200,000 prospects, 50,000 of them won, and
	// 5,300,000 touchpoints. 0 means 1.
	Scale float64
	Truth Truth // the built-in effect; zero means DefaultTruth

	WorkspaceID string
	Stages      []crm.Stage // the workspace's pipeline, in board order
	Owners      []string    // ids of the members who own prospects and log activities
}

// Sizes at scale 1.
const (
	baseProspects = 1500
	// chunkProspects bounds a chunk: about 27,000 touchpoints, a few MB.
	chunkProspects = 1000
	// Per prospect: accounts that never became one (contacts who looked and
	// left), and visitors who never said who they are.
	idleAccountsPerProspect = 0.2
	anonymousPerProspect    = 3.5
)

// normalise fills the defaults and checks the rest.
func (c Config) normalise() (Config, error) {
	if c.Months == 0 {
		c.Months = 6
	}
	if c.Scale == 0 {
		c.Scale = 1
	}
	if len(c.Truth.Strata) == 0 {
		c.Truth = DefaultTruth()
	}
	if c.Truth.Exposure == "" && c.Truth.Channel == "" {
		c.Truth.Exposure, c.Truth.Channel = tracking.TouchAdImpression, tracking.ChannelDisplay
	}
	var errs []error
	if c.Now.IsZero() {
		errs = append(errs, errors.New("demo: Now is required (Generate does not read the clock)"))
	}
	if c.Months < 1 || c.Months > 120 {
		errs = append(errs, fmt.Errorf("demo: months must be 1 to 120, not %d", c.Months))
	}
	if c.Scale <= 0 || c.Scale > 10000 || math.IsNaN(c.Scale) {
		errs = append(errs, fmt.Errorf("demo: scale must be above 0 and at most 10000, not %v", c.Scale))
	}
	if c.WorkspaceID == "" || len(c.Owners) == 0 {
		errs = append(errs, errors.New("demo: a workspace id and at least one owner are required"))
	}
	errs = append(errs, c.Truth.validate())
	c.Now = c.Now.UTC().Truncate(time.Microsecond)
	return c, errors.Join(errs...)
}

// prospects is how many prospects the plan holds.
func (c Config) prospects() int {
	return max(1, int(math.Round(baseProspects*c.Scale)))
}
