package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/onefunnel/onefunnel/domain/crm"
)

// Company names are brand + industry + region. Domains end in .example
// (RFC 2606 reserves it): demo contacts' emails can never reach a real
// mailbox, whatever someone does with the data.
var (
	brandHeads = [...]string{
		"Blue", "North", "Bright", "Silver", "Green", "Red", "Swift", "Clear", "Iron", "Golden",
		"Lake", "Stone", "Summit", "Pine", "Oak", "Cedar", "River", "Harbor", "Prime", "Nova",
		"Apex", "True", "Open", "Future", "Solid", "Quantum", "Vivid", "Urban", "Polar", "Sun",
	}
	brandTails = [...]string{
		"peak", "field", "wave", "bridge", "works", "labs", "line", "logic", "data", "path",
		"point", "forge", "craft", "stack", "gate", "grid", "loop", "cloud", "signal", "scale",
		"mind", "sense", "flow", "port", "base", "wire", "spark", "leaf", "vista", "mark",
	}
	industries = [...]string{
		"", "Analytics", "Logistics", "Health", "Energy", "Foods", "Media", "Robotics",
		"Finance", "Retail", "Software", "Insurance", "Mobility", "Materials", "Travel", "Security",
	}
	regions = [...]string{
		"", "Europe", "Nordics", "Iberia", "UK", "US", "Asia", "Benelux", "DACH", "France", "Italy",
		"Canada", "Brazil", "India", "Japan",
	}
)

// companyCombos is how many distinct names the lists make.
const companyCombos = len(brandHeads) * len(brandTails) * len(industries) * len(regions)

// companyStride is coprime with companyCombos (2⁶·3³·5³), so n ↦ n·stride
// mod companyCombos is one-to-one and neighbouring accounts get unrelated names.
const companyStride = 7919

// company names the n-th account of a plan (n ≥ 0, unique in the plan) and
// gives it a domain no other account of the plan has: n maps one-to-one onto
// the combinations, and past them a number keeps names apart.
func company(n int) (name, domain string) {
	j, round := n%companyCombos*companyStride%companyCombos, n/companyCombos
	head, j := brandHeads[j%len(brandHeads)], j/len(brandHeads)
	tail, j := brandTails[j%len(brandTails)], j/len(brandTails)
	industry, region := industries[j%len(industries)], regions[j/len(industries)]
	brand := head + tail
	parts := []string{brand}
	for _, p := range []string{industry, region} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if round > 0 {
		parts = append(parts, fmt.Sprint(round+1))
	}
	return strings.Join(parts, " "), strings.ToLower(strings.Join(parts, "-")) + ".example"
}

var (
	firstNames = [...]string{
		"Ada", "Ben", "Chloe", "Daniel", "Eva", "Felix", "Grace", "Hugo", "Ines", "Jonas",
		"Kira", "Liam", "Maya", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Samir", "Tara",
		"Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe", "Anna", "Bruno", "Clara", "David",
		"Elena", "Farid", "Greta", "Henrik", "Isla", "Jack", "Lena", "Marco", "Nina", "Oscar",
		"Petra", "Rafael", "Sofia", "Tom", "Ulla", "Victor", "Wanda", "Yara", "Aisha", "Chen",
	}
	lastNames = [...]string{
		"Smith", "Garcia", "Muller", "Rossi", "Novak", "Kowalski", "Jensen", "Dubois", "Silva", "Tanaka",
		"Khan", "Nguyen", "Larsen", "Schmidt", "Moreau", "Costa", "Fischer", "Bakker", "Lindqvist", "Okafor",
		"Patel", "Meyer", "Romano", "Weber", "Hansen", "Martin", "Berg", "Sato", "Ivanova", "Haddad",
		"Brown", "Wilson", "Taylor", "Clarke", "Walsh", "Murphy", "Lopez", "Santos", "Keller", "Vogel",
	}
	rolesTitles = []struct {
		role   crm.ContactRole
		titles []string
	}{
		{"decision_maker", []string{"CEO", "Managing Director", "VP Sales", "COO"}},
		{"champion", []string{"Head of Marketing", "Marketing Manager", "Sales Operations Lead", "Head of Growth"}},
		{"influencer", []string{"Growth Marketer", "Account Executive", "Demand Generation Manager"}},
		{"economic_buyer", []string{"CFO", "Finance Director"}},
		{"technical_buyer", []string{"CTO", "IT Manager", "Head of Data"}},
		{"user", []string{"Sales Representative", "Marketing Specialist", "SDR"}},
	}
)

// person draws a name; the email is first.last at the domain, numbered when
// the account already has that address (taken holds the account's so far).
func person(r *rand.Rand, domain string, taken map[string]bool) (first, last, email string) {
	first, last = firstNames[r.IntN(len(firstNames))], lastNames[r.IntN(len(lastNames))]
	local := strings.ToLower(first + "." + last)
	for n := 2; taken[local]; n++ {
		local = strings.ToLower(fmt.Sprintf("%s.%s%d", first, last, n))
	}
	taken[local] = true
	return first, last, local + "@" + domain
}

// roleAndTitle gives the first contact of a buying group the champion's role
// (they found us), the others any role.
func roleAndTitle(r *rand.Rand, first bool) (crm.ContactRole, string) {
	rt := rolesTitles[1]
	if !first {
		rt = rolesTitles[r.IntN(len(rolesTitles))]
	}
	return rt.role, rt.titles[r.IntN(len(rt.titles))]
}

// phone is a number in 555-0100…0199, the range kept for fiction.
func phone(r *rand.Rand) string { return fmt.Sprintf("+1 555-01%02d", r.IntN(100)) }

// TeamMember is one of the sales team the demo's prospects are shared among.
type TeamMember struct{ Name, Email string }

// Team is the demo workspace's sales team, besides its owner.
func Team() []TeamMember {
	return []TeamMember{
		{"Alex Morgan", "alex.morgan@example.com"},
		{"Priya Shah", "priya.shah@example.com"},
		{"Jonas Weber", "jonas.weber@example.com"},
	}
}
