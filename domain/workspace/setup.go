package workspace

import "context"

// SetupStatus is what a client needs before anyone has logged in: whether the
// server still waits for its first workspace, and who may create one.
type SetupStatus struct {
	NeedsSetup bool
	Signup     SignupMode
}

// Setup answers SetupStatus. It reveals only whether a workspace exists, which
// sign-up in "first" mode reveals anyway.
func (s *Service) Setup(ctx context.Context) (SetupStatus, error) {
	n, err := s.st.CountWorkspaces(ctx)
	if err != nil {
		return SetupStatus{}, err
	}
	mode := s.cfg.Signup
	if mode == SignupFirst && n > 0 {
		mode = SignupClosed
	}
	return SetupStatus{NeedsSetup: n == 0, Signup: mode}, nil
}
