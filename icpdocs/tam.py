"""The TAM vs ICP picture: TAM, narrowing segments and ICPs with their numbers, and its SVG chart."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from icpdocs.catalog import Icp, Market
from icpdocs.formatting import percent
from icpdocs.safety import html_text


@dataclass(frozen=True)
class Level:
    """One step of the picture: the TAM, a segment or an ICP."""

    kind: str  # "tam" | "segment" | "icp"
    id: str
    name: str
    accounts: int | None
    tam_accounts: int
    parent_name: str = ""
    parent_accounts: int | None = None
    opportunity_usd: float | None = None
    status: str = "active"

    @property
    def share_of_tam(self) -> float | None:
        return _share(self.accounts, self.tam_accounts)

    @property
    def share_of_parent(self) -> float | None:
        return _share(self.accounts, self.parent_accounts)


def _share(part: int | None, whole: int | None) -> float | None:
    return 100 * part / whole if part is not None and whole else None


@dataclass(frozen=True)
class Picture:
    """The TAM, its segments in narrowing order, and the ICPs placed in them."""

    tam: Level
    segments: tuple[Level, ...]
    icps: tuple[Level, ...]

    @property
    def levels(self) -> tuple[Level, ...]:
        return (self.tam, *self.segments, *self.icps)

    def icp(self, icp_id: str) -> Level | None:
        return next((level for level in self.icps if level.id == icp_id), None)

    def path_to(self, icp: Icp) -> tuple[Level, ...]:
        """Return the levels from the TAM down to the ICP's segment (the ICP excluded)."""
        ids = [s.id for s in self.segments]
        cut = ids.index(icp.segment) + 1 if icp.segment in ids else 0
        return (self.tam, *self.segments[:cut])


def opportunity(icp: Icp) -> float | None:
    """Return the yearly revenue if every fitting account bought: accounts x ACV."""
    if icp.estimated_accounts is None or icp.value.acv_usd is None:
        return None
    return icp.estimated_accounts * icp.value.acv_usd


def picture(market: Market, icps: Iterable[Icp]) -> Picture:
    """Place the TAM, each segment (parent: the step before) and each ICP (parent: its segment)."""
    tam = Level("tam", "tam", "Total addressable market (TAM)", market.tam_accounts, market.tam_accounts,
                opportunity_usd=market.tam_annual_value_usd)
    segments, parent = [], tam
    for segment in market.segments:
        level = Level("segment", segment.id, segment.name, segment.accounts, market.tam_accounts,
                      _called(parent), parent.accounts)
        segments.append(level)
        parent = level
    by_id = {s.id: s for s in segments}
    placed = []
    for icp in icps:
        home = by_id.get(icp.segment, tam)
        placed.append(Level("icp", icp.id, icp.name, icp.estimated_accounts, market.tam_accounts,
                            _called(home), home.accounts, opportunity(icp), icp.status))
    return Picture(tam, tuple(segments), tuple(placed))


def _called(parent: Level) -> str:
    """Return how a parent is named in "18% of ...": the TAM by its short name."""
    return "the TAM" if parent.kind == "tam" else parent.name


# Chart geometry, in SVG user units (the chart scales to the page width).
WIDTH, LABEL_WIDTH, BAR_X, BAR_WIDTH, ROW, TOP = 800, 340, 352, 330, 34, 12


def svg_chart(chart: Picture) -> str:
    """Return an inline SVG bar chart of accounts per level; every label is escaped."""
    levels = [level for level in chart.levels if level.accounts is not None]
    height = TOP * 2 + ROW * len(levels)
    rows = "".join(_row(level, index) for index, level in enumerate(levels))
    return (
        f'<svg class="icpdocs-chart" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="icpdocs-chart-title" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="icpdocs-chart-title">Accounts from the TAM down to each ICP</title>{rows}</svg>'
    )


def _row(level: Level, index: int) -> str:
    y = TOP + index * ROW
    share = level.share_of_tam or 0.0
    width = max(2.0, BAR_WIDTH * share / 100)
    indent = {"tam": 0, "segment": 12, "icp": 24}[level.kind]
    status = f" · {level.status}" if level.status != "active" else ""
    value = f"{level.accounts:,} · {percent(share)}{status}"
    # About 7.5 units a character at 15 px, 8.3 in bold (ICP rows): keep labels inside their column.
    limit = int((LABEL_WIDTH - indent) / (8.3 if level.kind == "icp" else 7.5))
    return (
        f'<g class="icpdocs-chart__row icpdocs-chart__row--{level.kind} icpdocs-chart__row--{level.status}">'
        f"<title>{html_text(level.name)}: {html_text(value)}</title>"
        f'<text class="icpdocs-chart__label" x="{LABEL_WIDTH - indent}" y="{y + 21}" text-anchor="end">'
        f"{html_text(_shorten(level.name, limit))}</text>"
        f'<rect class="icpdocs-chart__bar" x="{BAR_X}" y="{y + 6}" width="{width:.1f}" height="{ROW - 12}" rx="3"/>'
        f'<text class="icpdocs-chart__value" x="{BAR_X + width + 8:.1f}" y="{y + 21}">{html_text(value)}</text></g>'
    )


def _shorten(name: str, limit: int) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"
