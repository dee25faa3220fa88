package reports

import (
	"github.com/onefunnel/onefunnel/domain"
	"github.com/onefunnel/onefunnel/domain/crm"
)

// Split is what a funnel is split by, or a lift stratified by: a prospect's
// first-touch channel, campaign or device type, or its owner.
type Split string

const (
	SplitNone     Split = "none"
	SplitChannel  Split = "channel"
	SplitCampaign Split = "campaign"
	SplitDevice   Split = "device_type"
	SplitOwner    Split = "owner"
)

// AllKey is the one segment's key when a report is not split.
const AllKey = "all"

// NoneKey is the key of prospects whose split value is unknown (untracked,
// no campaign, no owner).
const NoneKey = "(none)"

// ParseSplit accepts the known splits; empty means none.
func ParseSplit(field, s string) (Split, error) {
	switch sp := Split(s); sp {
	case "":
		return SplitNone, nil
	case SplitNone, SplitChannel, SplitCampaign, SplitDevice, SplitOwner:
		return sp, nil
	}
	return "", domain.Invalid(field, "invalid", "must be one of none, channel, campaign, device_type, owner")
}

// mainLine is the order prospects move in; lost and churned are exits.
var mainLine = []crm.Phase{crm.PhaseLead, crm.PhaseQualified, crm.PhaseOpportunity, crm.PhaseWon, crm.PhaseCustomer}

// phaseRank is a phase's place on the main line, 1-based; 0 for the exits.
func phaseRank(p crm.Phase) int {
	for i, x := range mainLine {
		if x == p {
			return i + 1
		}
	}
	return 0
}

// Pipeline is a workspace's stages split into the main line, in the order
// prospects move through it (by phase, then board position), and the exits.
type Pipeline struct {
	Main  []crm.Stage
	Exits []crm.Stage
}

// NewPipeline orders stages for reports.
func NewPipeline(stages []crm.Stage) Pipeline {
	var p Pipeline
	for _, ph := range mainLine {
		for _, s := range stages {
			if s.Phase == ph {
				p.Main = append(p.Main, s)
			}
		}
	}
	for _, s := range stages {
		if phaseRank(s.Phase) == 0 {
			p.Exits = append(p.Exits, s)
		}
	}
	return p
}

// MainIDs are the main line's stage ids in order: a stage's rank is its
// index + 1.
func (p Pipeline) MainIDs() []string {
	ids := make([]string, len(p.Main))
	for i, s := range p.Main {
		ids[i] = s.ID
	}
	return ids
}
