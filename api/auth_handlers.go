package api

import (
	"context"

	"github.com/labstack/echo/v4"

	"github.com/onefunnel/onefunnel/domain/workspace"
)

func tokensOut(t workspace.Tokens) TokenPair {
	return TokenPair{AccessToken: t.AccessToken, RefreshToken: t.RefreshToken, TokenType: Bearer, ExpiresIn: t.ExpiresIn}
}

func (s *Server) Signup(ctx context.Context, r SignupRequestObject) (SignupResponseObject, error) {
	b := r.Body
	t, err := s.ws.Signup(ctx, workspace.SignupInput{WorkspaceName: b.WorkspaceName, Name: b.Name, Email: b.Email, Password: b.Password, IP: clientIP(ctx)})
	if err != nil {
		return nil, err
	}
	return Signup201JSONResponse{TokensJSONResponse(tokensOut(t))}, nil
}

func (s *Server) GetSetup(ctx context.Context, _ GetSetupRequestObject) (GetSetupResponseObject, error) {
	st, err := s.ws.Setup(ctx)
	if err != nil {
		return nil, err
	}
	return GetSetup200JSONResponse{NeedsSetup: st.NeedsSetup, Signup: SetupStatusSignup(st.Signup)}, nil
}

func (s *Server) Login(ctx context.Context, r LoginRequestObject) (LoginResponseObject, error) {
	in := workspace.LoginInput{Email: r.Body.Email, Password: r.Body.Password, WorkspaceID: strOrEmpty(r.Body.WorkspaceId), IP: clientIP(ctx)}
	t, err := s.ws.Login(ctx, in)
	if err != nil {
		return nil, err
	}
	return Login200JSONResponse{TokensJSONResponse(tokensOut(t))}, nil
}

func (s *Server) RefreshToken(ctx context.Context, r RefreshTokenRequestObject) (RefreshTokenResponseObject, error) {
	t, err := s.ws.Refresh(ctx, r.Body.RefreshToken)
	if err != nil {
		return nil, err
	}
	return RefreshToken200JSONResponse{TokensJSONResponse(tokensOut(t))}, nil
}

func (s *Server) Logout(ctx context.Context, r LogoutRequestObject) (LogoutResponseObject, error) {
	if err := s.ws.Logout(ctx, r.Body.RefreshToken); err != nil {
		return nil, err
	}
	return Logout204Response{}, nil
}

func (s *Server) AcceptInvite(ctx context.Context, r AcceptInviteRequestObject) (AcceptInviteResponseObject, error) {
	t, err := s.ws.AcceptInvite(ctx, r.Body.Token, r.Body.Name, r.Body.Password)
	if err != nil {
		return nil, err
	}
	return AcceptInvite201JSONResponse{TokensJSONResponse(tokensOut(t))}, nil
}

type clientIPKey struct{}

// clientIP is the caller's address as Echo's IP extractor trusts it.
func clientIP(ctx context.Context) string {
	ip, _ := ctx.Value(clientIPKey{}).(string)
	return ip
}

// withClientIP stores the trusted client address for the rate limiter.
func withClientIP(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		c.SetRequest(c.Request().WithContext(context.WithValue(c.Request().Context(), clientIPKey{}, c.RealIP())))
		return next(c)
	}
}
