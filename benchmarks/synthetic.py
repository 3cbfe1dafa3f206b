"""Build realistic synthetic market, ICP and persona documents from a seeded random source.

Every document follows the content model: ICPs use most of
their fields and are about 3 KB, personas link to existing ICPs and reference
their pain points, and reviews are recent with a 365-day interval, so a corpus
validates with no error and no warning.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from benchmarks import yamltext

REVIEW_INTERVAL_DAYS = 365
TAM_ACCOUNTS = 480_000

INDUSTRIES = [
    "Regional hospital groups", "Specialty clinics", "Logistics carriers", "Freight forwarders",
    "Community banks", "Credit unions", "Insurance brokers", "Property managers",
    "Construction contractors", "Food manufacturers", "Retail chains", "Ecommerce brands",
    "Software vendors", "Universities", "School districts", "Municipal governments", "Law firms",
    "Accounting firms", "Engineering consultancies", "Biotech labs", "Dental groups",
    "Veterinary clinics", "Hotel groups", "Energy utilities", "Telecom operators", "Automotive suppliers",
]
SIZES = [("Small", 20, 200), ("Mid-market", 200, 2000), ("Upper mid-market", 1000, 5000), ("Enterprise", 5000, 50000)]
REGIONS = ["US", "Canada", "UK", "Germany", "France", "Nordics", "Benelux", "Australia", "Japan", "Brazil"]
OWNERSHIP = ["private", "public", "non-profit", "PE-backed", "family-owned", "cooperative"]
TECH = [
    "Salesforce", "HubSpot", "Microsoft 365", "Google Workspace", "SAP S/4HANA", "Oracle NetSuite",
    "Workday", "ServiceNow", "Snowflake", "Databricks", "AWS", "Azure", "Google Cloud", "Okta",
    "Microsoft Entra ID", "Slack", "Zendesk", "Jira", "Tableau", "Power BI",
]
AVOIDS = ["On-premise only hosting policy", "Mainframe core systems", "Single-vendor suite mandate",
          "No public cloud allowed", "Home-grown ERP with no API"]
ENVIRONMENT = ["Regulated by a national supervisor", "Consolidating market", "Thin margins under price pressure",
               "Seasonal demand peaks", "Labour shortage in operations", "New reporting rules from next year",
               "Growing through acquisitions", "High staff turnover"]
BEHAVIORS = ["Hired a new head of operations in the last 6 months", "Opened a new site or region",
             "Posted jobs for data analysts", "Announced an ERP replacement", "Failed an external audit",
             "Raised a funding round", "Merged with a competitor", "Published a digital strategy"]
PAIN_THEMES = [
    ("manual-reporting", "Reporting is assembled by hand",
     "Every month the finance team spends {n} hours exporting spreadsheets from {k} systems."),
    ("audit-prep", "Audit preparation takes weeks",
     "Evidence for each audit is collected by screenshot; preparation takes {n} hours."),
    ("data-silos", "Customer data is split across systems",
     "The same customer exists in {k} systems with a {p}% duplicate rate."),
    ("slow-onboarding", "New sites take months to onboard",
     "Each acquisition or new site takes {n} days to bring onto shared processes."),
    ("access-reviews", "Access reviews lag behind turnover",
     "Accounts of departed staff stay active for a median of {k} days."),
    ("forecast-misses", "Forecasts miss by a wide margin",
     "Quarterly forecasts miss by {p}% because pipeline data is stale."),
    ("invoice-errors", "Invoices go out with errors",
     "About {p}% of invoices are corrected by hand before they are paid."),
    ("vendor-sprawl", "Too many overlapping vendors",
     "Teams pay for {k} tools that do the same job and none is trusted."),
    ("compliance-risk", "Compliance risk is invisible",
     "Nobody can say which records are exposed until an incident happens."),
    ("churn-blindness", "Churn comes as a surprise",
     "Customers leave without warning; {p}% of churn had no open ticket."),
    ("capacity-planning", "Capacity planning is guesswork",
     "Schedules are built in spreadsheets and rebuilt {k} times a week."),
    ("integration-backlog", "Integrations sit in a long backlog",
     "IT has {n} integration requests waiting and ships two a month."),
    ("security-questionnaires", "Security questionnaires stall deals",
     "Each questionnaire takes {n} hours and delays signature by weeks."),
    ("price-leakage", "Discounts leak margin", "Ad hoc discounts cost {p}% of list price with no approval trail."),
    ("inventory-blind-spots", "Inventory levels are unknown",
     "Stock counts differ from the system by {p}% at every count."),
    ("handover-gaps", "Handovers lose information", "Work passes between {k} teams and context is lost at each step."),
]
FIRST_NAMES = ["Ada", "Ben", "Carla", "Dev", "Elif", "Frank", "Gita", "Hana", "Ivan", "Jade", "Kofi", "Lena",
               "Marco", "Nina", "Omar", "Paula", "Quinn", "Rosa", "Sam", "Tim", "Uma", "Vera", "Wes", "Xena",
               "Yara", "Zoe", "Priya", "Olivia", "Colin", "Mina"]
ROLES = [
    ("ceo", "Chief Executive Officer", "Executive", "c-level", "decision-maker"),
    ("cfo", "Chief Financial Officer", "Finance", "c-level", "economic-buyer"),
    ("cio", "Chief Information Officer", "IT", "c-level", "decision-maker"),
    ("ciso", "Chief Information Security Officer", "Security", "c-level", "blocker"),
    ("coo", "Chief Operating Officer", "Operations", "c-level", "economic-buyer"),
    ("vp-sales", "VP of Sales", "Sales", "vp", "champion"),
    ("vp-ops", "VP of Operations", "Operations", "vp", "champion"),
    ("it-director", "Director of IT", "IT", "director", "influencer"),
    ("procurement", "Procurement Manager", "Procurement", "manager", "gatekeeper"),
    ("compliance", "Compliance Manager", "Legal and Compliance", "manager", "influencer"),
    ("analyst", "Business Analyst", "Finance", "individual", "user"),
    ("admin", "Systems Administrator", "IT", "individual", "user"),
]
GOALS = ["Close the books in five days", "Pass the next audit without overtime", "Grow margin by two points",
         "Cut onboarding time in half", "Retire three legacy tools this year", "Hit the forecast within 5%",
         "Reduce churn below 8%", "Remove departed users within 24 hours", "Open two new regions",
         "Keep headcount flat while revenue grows"]
KPIS = ["Operating margin", "Days sales outstanding", "Net revenue retention", "Time to onboard a site",
        "Audit findings", "Forecast accuracy", "Ticket backlog", "Cost per transaction", "Employee turnover"]
CHANNELS = ["LinkedIn", "Industry association events", "Peer CFO roundtables", "Analyst reports",
            "Partner referrals", "Trade press newsletters", "Vendor webinars", "Regional user groups"]
OBJECTIONS = [
    ("We already have a tool for this", "It covers one system; we cover all of them with one audit trail."),
    ("Now is not the right time", "The next audit or acquisition will not wait; a pilot takes four weeks."),
    ("It looks expensive", "Customers of your size recover the cost in under a year from saved hours."),
    ("Our IT team cannot take on another project", "We run the rollout; IT approves two integrations."),
    ("Security will never approve it", "We bring the certifications and answer the questionnaire for you."),
]
SOURCES = ["CRM analysis of closed-won deals", "Win/loss interviews", "Billing cohort analysis",
           "Customer survey", "Product usage data", "Support ticket analysis"]
OWNERS = ["revenue-operations", "product-marketing", "sales-strategy", "customer-success"]


@dataclass
class Corpus:
    """A content folder in memory: market.yaml, ICPs and personas by id."""

    market: dict[str, Any]
    icps: dict[str, dict[str, Any]] = field(default_factory=dict)
    personas: dict[str, dict[str, Any]] = field(default_factory=dict)
    review_window: int = 120  # new profiles were last reviewed up to this many days ago

    def files(self) -> dict[str, str]:
        """Return every file's path (relative to the content root) and YAML text."""
        texts = {"market.yaml": yamltext.dump(self.market)}
        texts.update({f"icps/{i}.yaml": yamltext.dump(d) for i, d in self.icps.items()})
        texts.update({f"personas/{i}.yaml": yamltext.dump(d) for i, d in self.personas.items()})
        return texts

    def segment_accounts(self, segment_id: str) -> int:
        return int(next(s["accounts"] for s in self.market["tam"]["segments"] if s["id"] == segment_id))

    def pain_ids(self, icp_id: str) -> list[str]:
        return [p["id"] for p in self.icps[icp_id]["pain_points"]]


def build_corpus(rng: random.Random, icps: int, personas: int, today: dt.date, review_window: int = 120) -> Corpus:
    """Return a valid corpus of `icps` ICPs and `personas` personas (at least one per ICP)."""
    corpus = Corpus(market(rng, today), review_window=review_window)
    for index in range(icps):
        icp_id, data = icp(rng, index, corpus, today)
        corpus.icps[icp_id] = data
    homes = list(corpus.icps) + [rng.choice(list(corpus.icps)) for _ in range(max(0, personas - icps))]
    for index, home in enumerate(homes[:personas]):
        persona_id, data = persona(rng, index, home, corpus, today)
        corpus.personas[persona_id] = data
    return corpus


def review_date(rng: random.Random, today: dt.date, window: int) -> str:
    return (today - dt.timedelta(days=rng.randint(0, window))).isoformat()


def market(rng: random.Random, today: dt.date) -> dict[str, Any]:
    """Return market.yaml: the company, the TAM and eight narrowing segments."""
    names = ["Serviceable market (SAM)", "North America core", "Europe core", "Regulated industries",
             "Cloud-first buyers", "Mid-market core", "Partner-served market", "Obtainable market (SOM)"]
    segments = [{"id": _slug(name), "name": name, "definition": _sentence(rng, name.lower()),
                 "accounts": TAM_ACCOUNTS // (index + 2)} for index, name in enumerate(names)]
    return {
        "company": {"name": "Northwind Ledger", "offering": "Operations data platform for growing companies",
                    "website": "https://northwind.example"},
        "tam": {"definition": "Every organisation with 20 or more employees in the regions we sell to that runs "
                              "at least two business systems holding customer or financial records.",
                "accounts": TAM_ACCOUNTS, "annual_value_usd": 9_600_000_000,
                "source": "Licensed company directory export, de-duplicated to parent organisations.",
                "as_of": (today - dt.timedelta(days=30)).isoformat(), "segments": segments},
    }


def icp(rng: random.Random, index: int, corpus: Corpus, today: dt.date) -> tuple[str, dict[str, Any]]:
    """Return a new ICP's id and data, using most of the ICP fields."""
    industry = rng.choice(INDUSTRIES)
    size, low, high = rng.choice(SIZES)
    icp_id = f"{_slug(size)}-{_slug(industry)}-{index:04d}"
    segment = rng.choice(corpus.market["tam"]["segments"])
    employees = {"min": low * rng.randint(1, 3), "max": high * rng.randint(1, 3)}
    status = rng.choices(["active", "draft", "retired"], [85, 10, 5])[0]
    regions = rng.sample(REGIONS, rng.randint(1, 3))
    pains = [pain_point(rng, theme) for theme in rng.sample(PAIN_THEMES, rng.randint(3, 6))]
    data: dict[str, Any] = {
        "name": f"{size} {industry.lower()} ({index})", "status": status, "version": rng.randint(1, 9),
        "owner": rng.choice(OWNERS), "last_reviewed": review_date(rng, today, corpus.review_window),
        "review_interval_days": REVIEW_INTERVAL_DAYS,
        "summary": f"{size} {industry.lower()} with {employees['min']} to {employees['max']} employees in "
                   f"{' and '.join(regions)}. " + " ".join(_sentence(rng, industry.lower()) for _ in range(3)),
        "segment": segment["id"], "estimated_accounts": rng.randint(50, min(9000, segment["accounts"])),
        "firmographics": {"industries": [industry, *rng.sample([i for i in INDUSTRIES if i != industry],
                                                               rng.randint(0, 2))],
                          "employees": employees,
                          "annual_revenue_usd": {"min": employees["min"] * 100_000, "max": employees["max"] * 250_000},
                          "regions": regions, "ownership": rng.sample(OWNERSHIP, 2)},
        "technographics": {"uses": rng.sample(TECH, rng.randint(3, 6)), "avoids": rng.sample(AVOIDS, 2)},
        "environment": rng.sample(ENVIRONMENT, 3), "behaviors": rng.sample(BEHAVIORS, 3),
        "pain_points": pains, "goals": rng.sample(GOALS, 3),
        "value": {"for_customer": "Reporting and audit work drops from weeks to days, with one trusted record "
                                  "across every system the customer runs.",
                  "for_us": for_us(rng)},
        "disqualifiers": ["Fewer than 20 employees", "Signed a competing platform in the last 12 months"],
        "fit_criteria": fit_criteria(rng, employees),
        "example_customers": [f"{rng.choice(FIRST_NAMES)} {industry.split()[-1].title()} {n}" for n in range(1, 4)],
        "evidence": [evidence(rng) for _ in range(rng.randint(1, 3))],
        "partners": [f"{rng.choice(REGIONS)} resellers", "Implementation consultancies"],
    }
    return icp_id, data


def pain_point(rng: random.Random, theme: tuple[str, str, str], suffix: str = "") -> dict[str, Any]:
    pain_id, title, description = theme
    text = description.format(n=rng.randint(20, 400), k=rng.randint(3, 9), p=rng.randint(5, 40))
    return {"id": pain_id + suffix, "title": title, "description": text,
            "severity": rng.choice(["low", "medium", "high", "high", "critical"])}


def for_us(rng: random.Random) -> dict[str, Any]:
    acv = rng.randrange(12_000, 150_000, 1000)
    return {"acv_usd": acv, "ltv_usd": acv * rng.randint(3, 7), "churn_pct": rng.randint(3, 18),
            "sales_cycle_days": rng.randint(30, 200), "win_rate_pct": rng.randint(12, 45)}


def fit_criteria(rng: random.Random, employees: dict[str, int]) -> list[dict[str, Any]]:
    return [
        {"attribute": "employees", "op": "between", "value": [employees["min"], employees["max"]], "weight": 3},
        {"attribute": "crm_vendor", "op": "in", "value": rng.sample(["Salesforce", "HubSpot", "Dynamics"], 2),
         "weight": 2},
        {"attribute": "site_count", "op": "gte", "value": rng.randint(2, 6)},
        {"attribute": "tech_stack", "op": "contains", "value": rng.choice(TECH), "weight": 1},
    ]


def evidence(rng: random.Random) -> dict[str, Any]:
    claim = f"{rng.randint(20, 80)}% of closed-won revenue since FY24 comes from accounts like these"
    return {"claim": claim, "source": f"{rng.choice(SOURCES)}, Q{rng.randint(1, 4)} 2026"}


def persona(rng: random.Random, index: int, home: str, corpus: Corpus, today: dt.date) -> tuple[str, dict[str, Any]]:
    """Return a new persona's id and data, linked to `home` and maybe other current ICPs."""
    first = rng.choice(FIRST_NAMES)
    role, title, department, seniority, buying_role = rng.choice(ROLES)
    others = [i for i in rng.sample(list(corpus.icps), min(2, len(corpus.icps))) if i != home]
    links = [home, *others[:rng.randint(0, 2)]]
    if all(corpus.icps[i]["status"] == "retired" for i in links):
        links.append(next(i for i, d in corpus.icps.items() if d["status"] != "retired"))
    data: dict[str, Any] = {
        "name": f"{first} {role.upper()}", "title": title, "buying_role": buying_role, "icps": links,
        "owner": rng.choice(OWNERS), "last_reviewed": review_date(rng, today, corpus.review_window),
        "review_interval_days": REVIEW_INTERVAL_DAYS,
        "summary": f"{title} in the ICP {corpus.icps[home]['name']}. "
                   + " ".join(_sentence(rng, department.lower()) for _ in range(4)),
        "department": department, "seniority": seniority, "goals": rng.sample(GOALS, 4),
        "pain_points": persona_pains(rng, links, corpus),
        "kpis": rng.sample(KPIS, 4),
        "objections": [{"objection": o, "response": r} for o, r in rng.sample(OBJECTIONS, 3)],
        "channels": rng.sample(CHANNELS, 4),
        "messaging": f"Lead with {rng.choice(KPIS).lower()}, then show one peer reference from a similar "
                     f"{department.lower()} team. Keep the first meeting to one number per claim, and "
                     f"bring the {rng.choice(['security', 'finance', 'operations'])} answers before they are asked.",
        "quote": f"I need to know this works before the next {rng.choice(['audit', 'board meeting', 'renewal'])}.",
    }
    return f"{first.lower()}-{role}-{index:04d}", data


def persona_pains(rng: random.Random, links: list[str], corpus: Corpus) -> list[Any]:
    refs = {f"{i}#{p}" for i in links for p in rng.sample(corpus.pain_ids(i), rng.randint(1, 2))}
    items: list[Any] = sorted(refs)
    if rng.random() < 0.6:
        items.append({"title": "The board asks for numbers nobody trusts",
                      "description": "Each quarter the figures are rebuilt by hand the night before, "
                                     f"by {rng.randint(2, 6)} people who would rather be doing their real work."})
    return items


def _sentence(rng: random.Random, topic: str) -> str:
    openers = ["Teams in", "Leaders of", "Most buyers among", "Operations staff at"]
    verbs = ["struggle with", "spend too long on", "are measured on", "want to automate"]
    objects = ["month-end reporting", "audit evidence", "customer data quality", "onboarding new sites",
               "vendor consolidation", "forecast accuracy", "access reviews", "integration work"]
    tails = ["and budget for it every year", "because growth outpaced their systems",
             "after each acquisition", "under pressure from the board"]
    return f"{rng.choice(openers)} {topic} {rng.choice(verbs)} {rng.choice(objects)} {rng.choice(tails)}."


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())
