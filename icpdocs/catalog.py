"""The typed, resolved content model every command works from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from icpdocs.loader import Document

DEFAULT_REVIEW_INTERVAL_DAYS = 90
SEVERITY_RANK = {"critical": 4, "high": 3, "medium": 2, "low": 1}


@dataclass(frozen=True)
class Range:
    min: float | None = None
    max: float | None = None

    @property
    def is_bound(self) -> bool:
        return self.max is not None or (self.min is not None and self.min > 0)


@dataclass(frozen=True)
class Segment:
    id: str
    name: str
    accounts: int
    definition: str = ""


@dataclass(frozen=True)
class Market:
    company_name: str
    offering: str
    tam_definition: str
    tam_accounts: int
    website: str = ""
    tam_annual_value_usd: float | None = None
    tam_source: str = ""
    tam_as_of: str = ""
    segments: tuple[Segment, ...] = ()

    def segment(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)


@dataclass(frozen=True)
class PainPoint:
    id: str
    title: str
    severity: str
    description: str = ""
    icp_id: str = ""

    @property
    def anchor(self) -> str:
        return f"pain-{self.id}"

    @property
    def rank(self) -> int:
        return SEVERITY_RANK.get(self.severity, 0)


@dataclass(frozen=True)
class FitCriterion:
    attribute: str
    op: str
    value: Any
    weight: float = 1


@dataclass(frozen=True)
class Evidence:
    claim: str
    source: str = ""


@dataclass(frozen=True)
class Firmographics:
    industries: tuple[str, ...] = ()
    employees: Range | None = None
    annual_revenue_usd: Range | None = None
    regions: tuple[str, ...] = ()
    ownership: tuple[str, ...] = ()

    @property
    def is_bound(self) -> bool:
        ranges = [r for r in (self.employees, self.annual_revenue_usd) if r is not None]
        return bool(self.industries or self.regions or self.ownership) or any(r.is_bound for r in ranges)


@dataclass(frozen=True)
class CustomerValue:
    for_customer: str = ""
    acv_usd: float | None = None
    ltv_usd: float | None = None
    churn_pct: float | None = None
    sales_cycle_days: int | None = None
    win_rate_pct: float | None = None


@dataclass(frozen=True)
class Review:
    owner: str
    last_reviewed: str
    interval_days: int = DEFAULT_REVIEW_INTERVAL_DAYS

    @property
    def due(self) -> dt.date | None:
        try:
            return dt.date.fromisoformat(self.last_reviewed) + dt.timedelta(days=self.interval_days)
        except ValueError:
            return None

    def is_stale(self, today: dt.date) -> bool:
        due = self.due
        return due is not None and due < today


@dataclass(frozen=True)
class Icp:
    id: str
    name: str
    status: str
    version: int
    review: Review
    summary: str
    firmographics: Firmographics
    pain_points: tuple[PainPoint, ...]
    segment: str = ""
    estimated_accounts: int | None = None
    technographics_uses: tuple[str, ...] = ()
    technographics_avoids: tuple[str, ...] = ()
    environment: tuple[str, ...] = ()
    behaviors: tuple[str, ...] = ()
    goals: tuple[str, ...] = ()
    value: CustomerValue = field(default_factory=CustomerValue)
    disqualifiers: tuple[str, ...] = ()
    fit_criteria: tuple[FitCriterion, ...] = ()
    example_customers: tuple[str, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    partners: tuple[str, ...] = ()
    path: str = ""

    @property
    def url(self) -> str:
        return f"icps/{self.id}/"

    def pain_point(self, pain_id: str) -> PainPoint | None:
        return next((p for p in self.pain_points if p.id == pain_id), None)


@dataclass(frozen=True)
class PersonaPainPoint:
    """A persona's pain point: a reference to an ICP's pain point, or its own."""

    title: str
    description: str = ""
    reference: str = ""

    @property
    def icp_id(self) -> str:
        return self.reference.split("#", 1)[0] if self.reference else ""

    @property
    def pain_point_id(self) -> str:
        return self.reference.split("#", 1)[1] if "#" in self.reference else ""


@dataclass(frozen=True)
class Objection:
    objection: str
    response: str


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    title: str
    buying_role: str
    icps: tuple[str, ...]
    review: Review
    summary: str
    department: str = ""
    seniority: str = ""
    goals: tuple[str, ...] = ()
    pain_points: tuple[PersonaPainPoint, ...] = ()
    kpis: tuple[str, ...] = ()
    objections: tuple[Objection, ...] = ()
    channels: tuple[str, ...] = ()
    messaging: str = ""
    quote: str = ""
    path: str = ""

    @property
    def url(self) -> str:
        return f"personas/{self.id}/"


@dataclass
class Catalog:
    """Market, ICPs and personas with their links resolved both ways."""

    market: Market | None
    icps: dict[str, Icp]
    personas: dict[str, Persona]
    documents: dict[tuple[str, str], Document] = field(default_factory=dict, compare=False, repr=False)

    def personas_for(self, icp_id: str) -> list[Persona]:
        """Return the personas that buy for an ICP, in name order."""
        return sorted((p for p in self.personas.values() if icp_id in p.icps), key=lambda p: p.name)

    def personas_feeling(self, icp_id: str, pain_id: str) -> list[Persona]:
        """Return the personas whose pain points reference an ICP's pain point."""
        reference = f"{icp_id}#{pain_id}"
        return sorted(
            (p for p in self.personas.values() if any(pp.reference == reference for pp in p.pain_points)),
            key=lambda p: p.name,
        )

    def resolve_pain_point(self, reference: str) -> PainPoint | None:
        icp_id, _, pain_id = reference.partition("#")
        icp = self.icps.get(icp_id)
        return icp.pain_point(pain_id) if icp else None

    def active_icps(self) -> list[Icp]:
        return [icp for icp in self.icps.values() if icp.status == "active"]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in value) if isinstance(value, list) else ()


def _range(value: Any) -> Range | None:
    return Range(value.get("min"), value.get("max")) if isinstance(value, dict) else None


def _review(data: dict[str, Any]) -> Review:
    return Review(str(data["owner"]), str(data["last_reviewed"]),
                  int(data.get("review_interval_days", DEFAULT_REVIEW_INTERVAL_DAYS)))


def market_from(data: dict[str, Any]) -> Market:
    company, tam = data["company"], data["tam"]
    segments = tuple(
        Segment(s["id"], s["name"], s["accounts"], s.get("definition", "")) for s in tam.get("segments", [])
    )
    return Market(
        company_name=company["name"], offering=company["offering"], website=company.get("website", ""),
        tam_definition=tam["definition"], tam_accounts=tam["accounts"],
        tam_annual_value_usd=tam.get("annual_value_usd"), tam_source=tam.get("source", ""),
        tam_as_of=str(tam.get("as_of", "")), segments=segments,
    )


def icp_from(icp_id: str, data: dict[str, Any], path: str = "") -> Icp:
    firmo = data["firmographics"]
    techno = data.get("technographics", {})
    value = data.get("value", {})
    for_us = value.get("for_us", {})
    return Icp(
        id=icp_id, name=data["name"], status=data["status"], version=data["version"], review=_review(data),
        summary=data["summary"],
        firmographics=Firmographics(
            _strings(firmo.get("industries")), _range(firmo.get("employees")),
            _range(firmo.get("annual_revenue_usd")), _strings(firmo.get("regions")), _strings(firmo.get("ownership")),
        ),
        pain_points=tuple(
            PainPoint(p["id"], p["title"], p["severity"], p.get("description", ""), icp_id) for p in data["pain_points"]
        ),
        segment=data.get("segment", ""), estimated_accounts=data.get("estimated_accounts"),
        technographics_uses=_strings(techno.get("uses")), technographics_avoids=_strings(techno.get("avoids")),
        environment=_strings(data.get("environment")), behaviors=_strings(data.get("behaviors")),
        goals=_strings(data.get("goals")),
        value=CustomerValue(
            value.get("for_customer", ""), for_us.get("acv_usd"), for_us.get("ltv_usd"), for_us.get("churn_pct"),
            for_us.get("sales_cycle_days"), for_us.get("win_rate_pct"),
        ),
        disqualifiers=_strings(data.get("disqualifiers")),
        fit_criteria=tuple(
            FitCriterion(c["attribute"], c["op"], _frozen(c["value"]), c.get("weight", 1))
            for c in data.get("fit_criteria", [])
        ),
        example_customers=_strings(data.get("example_customers")),
        evidence=tuple(Evidence(e["claim"], e.get("source", "")) for e in data.get("evidence", [])),
        partners=_strings(data.get("partners")), path=path,
    )


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def persona_from(persona_id: str, data: dict[str, Any], path: str = "") -> Persona:
    pains = []
    for item in data.get("pain_points", []):
        if isinstance(item, str):
            pains.append(PersonaPainPoint(title="", reference=item))
        else:
            pains.append(PersonaPainPoint(item["title"], item.get("description", "")))
    return Persona(
        id=persona_id, name=data["name"], title=data["title"], buying_role=data["buying_role"],
        icps=_strings(data["icps"]), review=_review(data), summary=data["summary"],
        department=data.get("department", ""), seniority=data.get("seniority", ""), goals=_strings(data.get("goals")),
        pain_points=tuple(pains), kpis=_strings(data.get("kpis")),
        objections=tuple(Objection(o["objection"], o["response"]) for o in data.get("objections", [])),
        channels=_strings(data.get("channels")), messaging=data.get("messaging", ""), quote=data.get("quote", ""),
        path=path,
    )


def build(documents: list[Document]) -> Catalog:
    """Return the catalog of schema-valid documents; referenced pain points take their ICP's title."""
    market = next((market_from(d.data) for d in documents if d.kind == "market"), None)
    icps = {d.id: icp_from(d.id, d.data, d.path) for d in sorted(documents, key=lambda d: d.id) if d.kind == "icp"}
    personas = {}
    for d in sorted(documents, key=lambda d: d.id):
        if d.kind == "persona":
            persona = persona_from(d.id, d.data, d.path)
            personas[d.id] = _with_resolved_titles(persona, icps)
    return Catalog(market, icps, personas, {d.key: d for d in documents})


def _with_resolved_titles(persona: Persona, icps: dict[str, Icp]) -> Persona:
    resolved = []
    for pain in persona.pain_points:
        icp = icps.get(pain.icp_id) if pain.reference else None
        target = icp.pain_point(pain.pain_point_id) if icp else None
        if target is not None:
            resolved.append(PersonaPainPoint(target.title, target.description, pain.reference))
        else:
            resolved.append(pain)
    return replace(persona, pain_points=tuple(resolved))
