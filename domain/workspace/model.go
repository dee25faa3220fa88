package workspace

import (
	"time"

	"github.com/onefunnel/onefunnel/domain/auth"
)

// Workspace is one company's tenant.
type Workspace struct {
	ID        string `gorm:"primaryKey"`
	Name      string
	CreatedAt time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt time.Time `gorm:"autoUpdateTime:false"`
}

// Member is a user of a workspace. The same email may be a member of several workspaces.
type Member struct {
	WorkspaceID  string `gorm:"primaryKey"`
	ID           string `gorm:"primaryKey"`
	Email        string
	Name         string
	Role         auth.Role
	PasswordHash string
	CreatedAt    time.Time `gorm:"autoCreateTime:false"`
	UpdatedAt    time.Time `gorm:"autoUpdateTime:false"`
}

// Invite lets a person join with a role; only the token's hash is stored.
type Invite struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Email       string
	Role        auth.Role
	TokenHash   string
	InvitedByID *string
	ExpiresAt   time.Time
	AcceptedAt  *time.Time
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
}

// RefreshToken is one link of a rotation chain (a family). Only the hash is stored.
type RefreshToken struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	MemberID    string
	FamilyID    string
	TokenHash   string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	ExpiresAt   time.Time // the family's absolute expiry
	UsedAt      *time.Time
	RevokedAt   *time.Time
}

// APIKey lets an integration call the API with a scope. Only the hash is stored.
type APIKey struct {
	WorkspaceID string `gorm:"primaryKey"`
	ID          string `gorm:"primaryKey"`
	Name        string
	Scope       auth.Scope
	Prefix      string
	KeyHash     string
	CreatedByID *string
	CreatedAt   time.Time `gorm:"autoCreateTime:false"`
	LastUsedAt  *time.Time
	RevokedAt   *time.Time
}

// TableName keeps GORM from pluralising "api_keys" as "api_keys" differently.
func (APIKey) TableName() string { return "api_keys" }

// Tokens is what signup, login and refresh answer.
type Tokens struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    int
	MemberID     string
	WorkspaceID  string
}

// SignupMode is who may create a new workspace.
type SignupMode string

const (
	SignupOpen   SignupMode = "open"   // anyone
	SignupFirst  SignupMode = "first"  // only while no workspace exists
	SignupClosed SignupMode = "closed" // invites only
)

// ParseSignupMode validates a configured mode.
func ParseSignupMode(s string) (SignupMode, bool) {
	switch m := SignupMode(s); m {
	case SignupOpen, SignupFirst, SignupClosed:
		return m, true
	}
	return "", false
}
