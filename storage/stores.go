package storage

import (
	"github.com/onefunnel/onefunnel/domain/crm"
	"github.com/onefunnel/onefunnel/domain/marketing"
)

// CRM returns the stores the crm service needs.
func (db *DB) CRM() crm.Stores {
	return crm.Stores{
		Tx: db, Accounts: Accounts{db}, Contacts: Contacts{db}, Stages: Stages{db},
		Prospects: Prospects{db}, Activities: Activities{db}, Timeline: Timeline{db}, Members: db.Tenancy(),
	}
}

// Marketing returns the stores the marketing service needs.
func (db *DB) Marketing() marketing.Stores {
	return marketing.Stores{Tx: db, Campaigns: Campaigns{db}, Touchpoints: Touchpoints{db}, Parties: Parties{db}}
}

// Tenancy returns the workspace store.
func (db *DB) Tenancy() Tenancy { return Tenancy{DB: db, stages: Stages{db}} }

// Idempotency returns the store of saved POST responses.
func (db *DB) Idempotency() Idempotency { return Idempotency{db} }

// Events returns the event log's reader.
func (db *DB) Events() Events { return Events{db} }
