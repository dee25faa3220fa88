package api

import (
	"context"

	"github.com/oapi-codegen/nullable"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

func intervalOut(i analytics.Interval) nullable.Nullable[Interval] {
	if !i.Defined {
		return nullable.NewNullNullable[Interval]()
	}
	return nullable.NewNullableWithValue(Interval{Estimate: i.Estimate, Low: i.Low, High: i.High})
}

func estimatesOut(rr, lift, rd analytics.Interval) LiftEstimates {
	return LiftEstimates{RiskRatio: intervalOut(rr), RelativeLift: intervalOut(lift), RiskDifference: intervalOut(rd)}
}

func armsOut(t analytics.Table, c analytics.Comparison) (exposed, unexposed LiftArm) {
	return LiftArm{Prospects: c.Exposed, Outcomes: t.ExposedOutcome, Rate: c.ExposedRate},
		LiftArm{Prospects: c.Unexposed, Outcomes: t.UnexposedOutcome, Rate: c.UnexposedRate}
}

func (s *Server) GetLiftReport(ctx context.Context, r GetLiftReportRequestObject) (GetLiftReportResponseObject, error) {
	p := r.Params
	period, err := s.period(p.From, p.To)
	if err != nil {
		return nil, err
	}
	campaign := ""
	if p.ExposureCampaignId != nil {
		campaign = p.ExposureCampaignId.String()
	}
	q, err := reports.NewLiftQuery(period, strOf(p.ExposureType), campaign, strOf(p.Outcome), strOf(p.StratifyBy))
	if err != nil {
		return nil, err
	}
	l, err := s.reports.Lift(ctx, principal(ctx), q)
	if err != nil {
		return nil, err
	}
	if wantCSV(p.Format) {
		return liftCSV(l), nil
	}
	out := LiftReport{
		Exposure: l.Exposure, Outcome: Phase(q.Outcome), Period: periodOut(period), StratifyBy: FunnelSplit(q.Stratify),
		Crude: estimatesOut(l.Crude.RiskRatio, l.Crude.RelativeLift, l.Crude.RiskDifference), Note: l.Note,
		Stratified: nullable.NewNullNullable[LiftEstimates](), Strata: make([]LiftStratum, len(l.Strata)),
	}
	out.Exposed, out.Unexposed = armsOut(l.Table, l.Crude)
	if l.Stratified != nil {
		out.Stratified = nullable.NewNullableWithValue(estimatesOut(l.Stratified.RiskRatio, l.Stratified.RelativeLift, l.Stratified.RiskDifference))
	}
	for i, st := range l.Strata {
		out.Strata[i] = LiftStratum{Key: st.Key, RiskRatio: intervalOut(st.Comparison.RiskRatio)}
		out.Strata[i].Exposed, out.Strata[i].Unexposed = armsOut(st.Table, st.Comparison)
	}
	return GetLiftReport200JSONResponse(out), nil
}

func liftCSV(l reports.Lift) GetLiftReport200TextcsvResponse {
	t := newCSV("row", "exposed_prospects", "exposed_outcomes", "exposed_rate", "unexposed_prospects", "unexposed_outcomes", "unexposed_rate",
		"risk_ratio", "risk_ratio_low", "risk_ratio_high", "risk_difference", "risk_difference_low", "risk_difference_high")
	iv := func(i analytics.Interval) []string {
		if !i.Defined {
			return []string{"", "", ""}
		}
		return []string{num(i.Estimate), num(i.Low), num(i.High)}
	}
	line := func(name string, tab analytics.Table, c analytics.Comparison, rr, rd analytics.Interval) {
		cells := []string{name, inum(c.Exposed), inum(tab.ExposedOutcome), num(c.ExposedRate), inum(c.Unexposed), inum(tab.UnexposedOutcome), num(c.UnexposedRate)}
		t.row(append(append(cells, iv(rr)...), iv(rd)...)...)
	}
	line("crude", l.Table, l.Crude, l.Crude.RiskRatio, l.Crude.RiskDifference)
	if l.Stratified != nil {
		line("stratified (Mantel-Haenszel)", l.Table, l.Crude, l.Stratified.RiskRatio, l.Stratified.RiskDifference)
	}
	for _, st := range l.Strata {
		line("stratum: "+st.Key, st.Table, st.Comparison, st.Comparison.RiskRatio, st.Comparison.RiskDifference)
	}
	body, n := t.bytes()
	return GetLiftReport200TextcsvResponse{Body: body, ContentLength: n}
}
