package api

import (
	"context"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/onefunnel/onefunnel/domain/analytics"
	"github.com/onefunnel/onefunnel/domain/reports"
)

func attributionQuery(period reports.Period, model *AttributionModel, conversion, groupBy string, lookback *int, halfLife *float64, currency *string) (reports.AttributionQuery, error) {
	in := reports.AttributionInput{
		Period: period, Model: strOf(model), Conversion: conversion, GroupBy: groupBy,
		LookbackDays: lookback, HalfLifeDays: halfLife,
	}
	if currency != nil {
		in.Currency = *currency
	}
	return reports.NewAttributionQuery(in)
}

func (s *Server) GetAttributionReport(ctx context.Context, r GetAttributionReportRequestObject) (GetAttributionReportResponseObject, error) {
	p := r.Params
	period, err := s.period(p.From, p.To)
	if err != nil {
		return nil, err
	}
	q, err := attributionQuery(period, p.Model, strOf(p.Conversion), strOf(p.GroupBy), p.LookbackDays, p.HalfLifeDays, p.Currency)
	if err != nil {
		return nil, err
	}
	a, err := s.reports.Attribution(ctx, principal(ctx), q)
	if err != nil {
		return nil, err
	}
	res := a.Result
	// Revenue is shown in whole minor units; largest-remainder rounding keeps
	// the groups (and the unattributed rest) adding up to the total exactly.
	revenue := make([]float64, 0, len(res.Groups)+1)
	for _, g := range res.Groups {
		revenue = append(revenue, g.Revenue)
	}
	revenue = append(revenue, res.UnattributedRevenue)
	rounded := analytics.RoundMinor(revenue)
	if wantCSV(p.Format) {
		t := newCSV("key", "conversions", "revenue", "removal_effect")
		for i, g := range res.Groups {
			re := ""
			if q.Model == analytics.Markov {
				re = num(g.RemovalEffect)
			}
			t.row(g.Key, num(g.Conversions), inum(rounded[i]), re)
		}
		t.row("(unattributed)", num(res.UnattributedConversions), inum(rounded[len(res.Groups)]), "")
		body, n := t.bytes()
		return GetAttributionReport200TextcsvResponse{Body: body, ContentLength: n}, nil
	}
	out := AttributionReport{
		Model: AttributionModel(q.Model), Conversion: AttributionReportConversion(q.Journeys.Conversion), GroupBy: AttributionGroupBy(q.Journeys.GroupBy),
		Period: periodOut(period), LookbackDays: q.Journeys.LookbackDays, Currency: a.Currency, Groups: make([]AttributionGroup, len(res.Groups)),
		Totals:       AttributionTotals{Conversions: res.Conversions, Revenue: sum(rounded)},
		Unattributed: AttributionTotals{Conversions: res.UnattributedConversions, Revenue: rounded[len(res.Groups)]},
	}
	if q.Model == analytics.TimeDecay {
		out.HalfLifeDays = &q.HalfLifeDays
	}
	for i, g := range res.Groups {
		out.Groups[i] = AttributionGroup{Key: g.Key, Conversions: g.Conversions, Revenue: rounded[i]}
		if q.Model == analytics.Markov {
			re := g.RemovalEffect
			out.Groups[i].RemovalEffect = &re
		}
	}
	return GetAttributionReport200JSONResponse(out), nil
}

func sum(xs []int64) int64 {
	var t int64
	for _, x := range xs {
		t += x
	}
	return t
}

func (s *Server) GetAttributionDrilldown(ctx context.Context, r GetAttributionDrilldownRequestObject) (GetAttributionDrilldownResponseObject, error) {
	p := r.Params
	period, err := s.period(p.From, p.To)
	if err != nil {
		return nil, err
	}
	q, err := attributionQuery(period, p.Model, strOf(p.Conversion), strOf(p.GroupBy), p.LookbackDays, p.HalfLifeDays, p.Currency)
	if err != nil {
		return nil, err
	}
	d, err := s.reports.Drilldown(ctx, principal(ctx), r.Id.String(), q)
	if err != nil {
		return nil, err
	}
	if wantCSV(p.Format) {
		t := newCSV("touchpoint_id", "occurred_at", "type", "channel", "source", "medium", "campaign", "group", "roles", "conversion", "revenue")
		for _, tc := range d.Touches {
			t.row(tc.ID, tc.At.UTC().Format(time.RFC3339), tc.Type, tc.Channel, tc.Source, tc.Medium, tc.Campaign, tc.Group,
				joinRoles(tc.Roles), num(tc.Conversion), num(tc.Revenue))
		}
		body, n := t.bytes()
		return GetAttributionDrilldown200TextcsvResponse{Body: body, ContentLength: n}, nil
	}
	out := AttributionDrilldown{
		ProspectId: r.Id, Model: AttributionModel(q.Model), Conversion: AttributionDrilldownConversion(q.Journeys.Conversion),
		GroupBy: AttributionGroupBy(q.Journeys.GroupBy), Converted: d.Converted, Revenue: d.Revenue, Currency: d.Currency,
		ConvertedAt: nullable.NewNullNullable[time.Time](), Touches: make([]AttributionTouch, len(d.Touches)),
	}
	if d.ConvertedAt != nil {
		out.ConvertedAt = nullable.NewNullableWithValue(d.ConvertedAt.UTC())
	}
	for i, tc := range d.Touches {
		roles := make([]AttributionTouchRoles, len(tc.Roles))
		for j, role := range tc.Roles {
			roles[j] = AttributionTouchRoles(role)
		}
		out.Touches[i] = AttributionTouch{
			TouchpointId: uid(tc.ID), OccurredAt: tc.At.UTC(), Type: TouchpointType(tc.Type), Channel: tc.Channel, Source: tc.Source,
			Medium: tc.Medium, Campaign: tc.Campaign, Group: tc.Group, Roles: roles, Conversion: tc.Conversion, Revenue: tc.Revenue,
		}
	}
	return GetAttributionDrilldown200JSONResponse(out), nil
}

func joinRoles(roles []reports.Role) string {
	s := ""
	for i, r := range roles {
		if i > 0 {
			s += " "
		}
		s += string(r)
	}
	return s
}
