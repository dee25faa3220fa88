package api

import (
	"context"

	"github.com/google/uuid"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

func roiOut(c reports.CampaignROI, revenue int64) RoiCampaign {
	out := RoiCampaign{
		Name: c.Campaign.Name, Channel: c.Campaign.Channel, Spend: c.Spend, Leads: c.Leads, Won: c.Won, Revenue: revenue,
		Roas: wire(c.ROAS), CostPerLead: wire(c.CostPerLead), CostPerWon: wire(c.CostPerWon),
	}
	if id, err := uuid.Parse(c.Campaign.ID); err == nil {
		out.CampaignId = id
	}
	return out
}

func (s *Server) GetRoiReport(ctx context.Context, r GetRoiReportRequestObject) (GetRoiReportResponseObject, error) {
	p := r.Params
	period, err := s.period(p.From, p.To)
	if err != nil {
		return nil, err
	}
	q, err := attributionQuery(period, p.Model, "", "", p.LookbackDays, p.HalfLifeDays, p.Currency)
	if err != nil {
		return nil, err
	}
	roi, err := s.reports.ROI(ctx, principal(ctx), q)
	if err != nil {
		return nil, err
	}
	revenue := make([]float64, len(roi.Campaigns))
	for i, c := range roi.Campaigns {
		revenue[i] = c.Revenue
	}
	rounded := analytics.RoundMinor(revenue)
	if wantCSV(p.Format) {
		t := newCSV("campaign", "channel", "spend", "leads", "won", "revenue", "roas", "cost_per_lead", "cost_per_won")
		for i, c := range append(roi.Campaigns, roi.Totals) {
			rev := sum(rounded)
			if i < len(rounded) {
				rev = rounded[i]
			}
			t.row(c.Campaign.Name, c.Campaign.Channel, inum(c.Spend), num(c.Leads), num(c.Won), inum(rev), optNum(c.ROAS), optNum(c.CostPerLead), optNum(c.CostPerWon))
		}
		body, n := t.bytes()
		return GetRoiReport200TextcsvResponse{Body: body, ContentLength: n}, nil
	}
	out := RoiReport{
		Model: AttributionModel(q.Model), Period: periodOut(period), LookbackDays: q.Journeys.LookbackDays, Currency: roi.Currency,
		Campaigns: make([]RoiCampaign, len(roi.Campaigns)), Totals: roiOut(roi.Totals, sum(rounded)),
	}
	for i, c := range roi.Campaigns {
		out.Campaigns[i] = roiOut(c, rounded[i])
	}
	return GetRoiReport200JSONResponse(out), nil
}
