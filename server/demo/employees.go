package demo

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// team is a manager and the people reporting to them.
type team struct {
	manager string
	titles  []string // one per report
}

// department is a head, the teams under them, and a salary scale.
type department struct {
	name, head string
	teams      []team
	icSalary   float64 // typical individual-contributor salary
}

// org is a four-level tree: CEO, department heads, managers, staff, 40
// people in all, so tree and hierarchy charts have something to show
// without becoming unreadable.
var org = []department{
	{"Engineering", "VP Engineering", []team{
		{"Platform Engineering Manager", []string{"Senior Software Engineer", "Software Engineer", "Site Reliability Engineer", "Software Engineer"}},
		{"Data Engineering Manager", []string{"Senior Data Engineer", "Data Engineer", "Data Engineer", "Analytics Engineer"}},
		{"Frontend Engineering Manager", []string{"Senior Frontend Engineer", "Frontend Engineer", "UX Designer", "Frontend Engineer"}},
	}, 98000},
	{"Sales", "VP Sales", []team{
		{"Sales Manager EMEA", []string{"Account Executive", "Account Executive", "Sales Development Rep"}},
		{"Sales Manager Americas", []string{"Account Executive", "Solutions Engineer", "Sales Development Rep"}},
	}, 72000},
	{"Marketing", "VP Marketing", []team{
		{"Marketing Manager", []string{"Content Strategist", "Growth Marketer", "Product Marketing Manager"}},
	}, 70000},
	{"Finance", "Chief Financial Officer", []team{
		{"Controller", []string{"Financial Analyst", "Accountant"}},
	}, 76000},
	{"Operations", "Chief Operating Officer", []team{
		{"Operations Manager", []string{"Operations Analyst", "Office Manager", "IT Support Specialist"}},
	}, 62000},
}

var firstNames = []string{
	"Ada", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hiro", "Isabel", "Jonas",
	"Kavya", "Liam", "Maya", "Noah", "Olivia", "Pedro", "Quinn", "Rosa", "Samir", "Tara",
	"Uma", "Victor", "Wen", "Xavier", "Yara", "Zoe", "Amir", "Bianca", "Carlos", "Dina",
	"Emil", "Fatima", "Gustav", "Hana", "Ivan", "Julia", "Kofi", "Lena", "Mateo", "Nadia",
}

var lastNames = []string{
	"Okafor", "Schmidt", "Tanaka", "Silva", "Novak", "Haddad", "Kowalski", "Lindqvist", "Moreau", "Rossi",
	"Patel", "O'Brien", "Nguyen", "Fischer", "Garcia", "Jensen", "Kim", "Mensah", "Ivanova", "Dubois",
	"Costa", "Yamamoto", "Andersen", "Kaur", "Herrera", "Bauer", "Chen", "Popescu", "Walsh", "Sato",
	"Ferreira", "Müller", "Abadi", "Larsen", "Reyes", "Brooks", "Ahmed", "Volkov", "Eriksen", "Banda",
}

// genEmployees lays the org out breadth-first, so the CEO is id 1 and every
// manager's id is smaller than their reports'.
func genEmployees(rng *rand.Rand) table {
	t := table{name: "employees", columns: []string{"id", "name", "title", "department", "manager_id", "salary", "hired_on"}}
	firsts, lasts := rng.Perm(len(firstNames)), rng.Perm(len(lastNames))
	add := func(title, dept string, manager any, salary float64, hiredFrom, hiredTo int) int64 {
		id := int64(len(t.rows) + 1)
		name := firstNames[firsts[id-1]] + " " + lastNames[lasts[id-1]]
		salary = math.Round(salary*(0.92+0.16*rng.Float64())/500) * 500
		t.rows = append(t.rows, []any{id, name, title, dept, manager, salary, hireDate(rng, hiredFrom, hiredTo)})
		return id
	}
	ceo := add("Chief Executive Officer", "Executive", nil, 260000, 2012, 2012)
	heads := make([]int64, len(org))
	for i, d := range org {
		heads[i] = add(d.head, d.name, ceo, 1.9*d.icSalary+30000, 2013, 2018)
	}
	managers := make([][]int64, len(org))
	for i, d := range org {
		for _, tm := range d.teams {
			managers[i] = append(managers[i], add(tm.manager, d.name, heads[i], 1.45*d.icSalary, 2015, 2022))
		}
	}
	for i, d := range org {
		for j, tm := range d.teams {
			for _, title := range tm.titles {
				s := d.icSalary
				if strings.HasPrefix(title, "Senior ") {
					s *= 1.25
				}
				add(title, d.name, managers[i][j], s, 2017, 2025)
			}
		}
	}
	return t
}

// hireDate is a random day in the given years, formatted as a date.
func hireDate(rng *rand.Rand, fromYear, toYear int) string {
	y := fromYear + rng.IntN(toYear-fromYear+1)
	d := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, rng.IntN(365))
	return d.Format(dateLayout)
}
