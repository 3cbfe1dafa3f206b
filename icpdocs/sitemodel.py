"""What the page templates read: the catalog in reading order, with links indexed once."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from icpdocs import tam
from icpdocs.catalog import SEVERITY_RANK, Catalog, Icp, Market, PainPoint, Persona, PersonaPainPoint

STATUS_ORDER = {"active": 0, "draft": 1, "retired": 2}
BUYING_ROLES = ("economic-buyer", "decision-maker", "champion", "influencer", "user", "gatekeeper", "blocker")
# Wider than this, a persona x ICP table stops being readable; the per-ICP committees still list everyone.
MATRIX_MAX_ICPS = 12
COMPARE_COLUMNS = 4
HOME_CARDS = 12


@dataclass(frozen=True)
class PainRow:
    """A pain point for roadmap planning: the same title across ICPs counts once."""

    title: str
    points: tuple[PainPoint, ...]
    icps: tuple[Icp, ...]
    personas: tuple[Persona, ...]

    @property
    def severity(self) -> str:
        return max(self.points, key=lambda p: p.rank).severity


@dataclass(frozen=True)
class SiteModel:
    catalog: Catalog
    market: Market
    today: dt.date
    changes_page: str | None
    icps: tuple[Icp, ...]
    personas: tuple[Persona, ...]
    buyers: dict[str, tuple[Persona, ...]]
    feeling: dict[str, tuple[Persona, ...]]
    picture: tam.Picture

    @classmethod
    def build(cls, catalog: Catalog, today: dt.date, changes_page: str | None = None) -> SiteModel:
        assert catalog.market is not None
        icps = tuple(sorted(catalog.icps.values(), key=lambda i: (STATUS_ORDER.get(i.status, 3), i.name.casefold())))
        personas = tuple(sorted(catalog.personas.values(), key=lambda p: p.name.casefold()))
        buyers: dict[str, list[Persona]] = defaultdict(list)
        feeling: dict[str, list[Persona]] = defaultdict(list)
        for persona in personas:
            for icp_id in persona.icps:
                buyers[icp_id].append(persona)
            for pain in persona.pain_points:
                if pain.reference:
                    feeling[pain.reference].append(persona)
        chart = tam.picture(catalog.market, [i for i in icps if i.status != "retired"])
        return cls(catalog, catalog.market, today, changes_page, icps, personas,
                   {k: tuple(v) for k, v in buyers.items()}, {k: tuple(v) for k, v in feeling.items()}, chart)

    def icp(self, icp_id: str) -> Icp | None:
        return self.catalog.icps.get(icp_id)

    def with_status(self, status: str) -> list[Icp]:
        return [icp for icp in self.icps if icp.status == status]

    @property
    def current_icps(self) -> list[Icp]:
        """Return the active and draft ICPs: the ones still worth planning around."""
        return [icp for icp in self.icps if icp.status != "retired"]

    def personas_for(self, icp_id: str) -> tuple[Persona, ...]:
        return self.buyers.get(icp_id, ())

    def personas_feeling(self, icp: Icp, pain: PainPoint) -> tuple[Persona, ...]:
        return self.feeling.get(f"{icp.id}#{pain.id}", ())

    def committee(self, icp_id: str) -> list[tuple[str, list[Persona]]]:
        """Return the ICP's buyers grouped by buying role, in buying-process order."""
        buyers = self.personas_for(icp_id)
        return [(role, [p for p in buyers if p.buying_role == role]) for role in BUYING_ROLES]

    def is_stale(self, entity: Icp | Persona) -> bool:
        if isinstance(entity, Icp) and entity.status == "retired":
            return False
        return entity.review.is_stale(self.today)

    @property
    def overdue(self) -> list[Icp | Persona]:
        entities: list[Icp | Persona] = [*self.icps, *self.personas]
        return [e for e in entities if self.is_stale(e)]

    def recently_reviewed(self, count: int = 5) -> list[Icp | Persona]:
        entities: list[Icp | Persona] = [*self.icps, *self.personas]
        return sorted(entities, key=lambda e: (e.review.last_reviewed, e.name), reverse=True)[:count]

    def share_of_tam(self, icp: Icp) -> float | None:
        level = self.picture.icp(icp.id)
        return level.share_of_tam if level else tam.Level("icp", icp.id, icp.name, icp.estimated_accounts,
                                                          self.market.tam_accounts).share_of_tam

    def opportunity(self, icp: Icp) -> float | None:
        return tam.opportunity(icp)

    def placement(self, icp: Icp) -> tuple[tam.Level, ...]:
        return self.picture.path_to(icp)

    def parent_of(self, icp: Icp) -> tam.Level:
        return self.placement(icp)[-1]

    def top_pains(self, icp: Icp, count: int = 2) -> list[PainPoint]:
        return sorted(icp.pain_points, key=lambda p: -p.rank)[:count]

    def featured_icps(self) -> list[Icp]:
        """Return the active ICPs for the home page's cards: the largest opportunities first."""
        active = self.with_status("active")
        ranked = sorted(active, key=lambda i: (-(self.opportunity(i) or 0), i.name.casefold()))
        return ranked[:HOME_CARDS]

    def compare_groups(self) -> list[list[Icp]]:
        active = self.with_status("active")
        return [active[i:i + COMPARE_COLUMNS] for i in range(0, len(active), COMPARE_COLUMNS)]

    @property
    def matrix_icps(self) -> list[Icp]:
        """Return the ICP columns of the persona x ICP matrix: current ones, or only active when too many."""
        for candidates in (self.current_icps, self.with_status("active")):
            if len(candidates) <= MATRIX_MAX_ICPS:
                return candidates
        return []

    def pain_ranking(self) -> list[PainRow]:
        """Return every pain point of current ICPs, most severe and most widely felt first."""
        groups: dict[str, list[tuple[Icp, PainPoint]]] = defaultdict(list)
        for icp in self.current_icps:
            for pain in icp.pain_points:
                groups[" ".join(pain.title.casefold().split())].append((icp, pain))
        rows = [self._pain_row(members) for members in groups.values()]
        return sorted(rows, key=lambda r: (-SEVERITY_RANK.get(r.severity, 0), -len(r.personas), r.title.casefold()))

    def _pain_row(self, members: list[tuple[Icp, PainPoint]]) -> PainRow:
        personas = _unique(p for icp, pain in members for p in self.personas_feeling(icp, pain))
        return PainRow(members[0][1].title, tuple(p for _, p in members), tuple(i for i, _ in members),
                       tuple(sorted(personas, key=lambda p: p.name.casefold())))

    def persona_pains(self) -> list[tuple[Persona, PersonaPainPoint]]:
        """Return the pain points personas have of their own (not references to an ICP's)."""
        return [(persona, pain) for persona in self.personas for pain in persona.pain_points if not pain.reference]

    def referenced(self, pain: PersonaPainPoint) -> tuple[Icp, PainPoint] | None:
        icp = self.icp(pain.icp_id)
        point = icp.pain_point(pain.pain_point_id) if icp else None
        return (icp, point) if icp and point else None


def _unique(personas: Iterable[Persona]) -> list[Persona]:
    return list({p.id: p for p in personas}.values())
