package demo

import "github.com/onefunnel/onefunnel/domain/crm"

// Counts is how many rows of each kind a plan wrote, and how its prospects
// stand.
type Counts struct {
	Campaigns, Spend                                          int
	Accounts, Contacts, Prospects, ProspectContacts           int
	Won, Lost, Open                                           int
	StageChanges, Activities, Visitors, Sessions, Touchpoints int
}

// AddChunk adds a chunk's rows.
func (n *Counts) AddChunk(c Chunk) {
	n.Accounts += len(c.Accounts)
	n.Contacts += len(c.Contacts)
	n.Prospects += len(c.Prospects)
	n.ProspectContacts += len(c.ProspectContacts)
	n.StageChanges += len(c.StageChanges)
	n.Activities += len(c.Activities)
	n.Visitors += len(c.Visitors)
	n.Sessions += len(c.Sessions)
	n.Touchpoints += len(c.Touchpoints)
	for _, p := range c.Prospects {
		switch p.Status {
		case crm.StatusWon:
			n.Won++
		case crm.StatusLost:
			n.Lost++
		default:
			n.Open++
		}
	}
}

// Rows is the number of rows in all.
func (n Counts) Rows() int {
	return n.Campaigns + n.Spend + n.Accounts + n.Contacts + n.Prospects + n.ProspectContacts +
		n.StageChanges + n.Activities + n.Visitors + n.Sessions + n.Touchpoints
}
