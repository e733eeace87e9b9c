"""Graph analytics with networkx: children linked through shared people, places, phones and
vehicles form groups; the most connected adults and places of each group.

Two safeguards keep one noisy entity from joining everything:
- a link joins children only when its grading is strong enough: the source's reliability times
  the assessment's (GRADE_WEIGHTS) must reach MIN_LINK_WEIGHT, so a link from an unreliable
  source that is not known directly (3/C, 3/D) or any link suspected to be false (E) joins none;
- an entity linked to more than `max_children` children (a bus station, a shopping arcade) is
  common ground, not a group's: it joins none.
A group has at least `min_children` children (default 3, the protocol's usual threshold).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

import networkx as nx

SOURCE_WEIGHTS = {"1": 1.0, "2": 0.8, "3": 0.4}
ASSESSMENT_WEIGHTS = {"A": 1.0, "B": 0.9, "C": 0.7, "D": 0.4, "E": 0.0}
MIN_LINK_WEIGHT = 0.3
MAX_CHILDREN = 12
MIN_CHILDREN = 3


@dataclass(frozen=True)
class LinkRow:
    child_id: int
    entity_id: int
    source_evaluation: str
    intelligence_assessment: str


@dataclass(frozen=True)
class Group:
    children: frozenset[int]
    # (entity id, number of the group's children linked to it), most connected first.
    entities: tuple[tuple[int, int], ...]


def link_weight(source_evaluation: str, intelligence_assessment: str) -> float:
    return SOURCE_WEIGHTS.get(source_evaluation, 0.0) * ASSESSMENT_WEIGHTS.get(
        intelligence_assessment, 0.0
    )


def child_entity_graph(rows: Iterable[LinkRow], *, max_children: int = MAX_CHILDREN) -> nx.Graph:
    """The bipartite graph of children and entities, strong links only, common ground left out."""
    graph = nx.Graph()
    for row in rows:
        if link_weight(row.source_evaluation, row.intelligence_assessment) < MIN_LINK_WEIGHT:
            continue
        graph.add_node(("child", row.child_id), side="child")
        graph.add_node(("entity", row.entity_id), side="entity")
        graph.add_edge(("child", row.child_id), ("entity", row.entity_id))
    common = [
        node
        for node, data in graph.nodes(data=True)
        if data["side"] == "entity" and graph.degree(node) > max_children
    ]
    graph.remove_nodes_from(common)
    return graph


def find_groups(
    rows: Iterable[LinkRow], *, max_children: int = MAX_CHILDREN, min_children: int = MIN_CHILDREN
) -> list[Group]:
    """Connected groups of children, largest first."""
    graph = child_entity_graph(rows, max_children=max_children)
    groups = []
    for component in nx.connected_components(graph):
        children = frozenset(node[1] for node in component if node[0] == "child")
        if len(children) < min_children:
            continue
        ranked = sorted(
            ((node[1], graph.degree(node)) for node in component if node[0] == "entity"),
            key=lambda pair: (-pair[1], pair[0]),
        )
        groups.append(Group(children=children, entities=tuple(ranked)))
    groups.sort(key=lambda group: (-len(group.children), min(group.children)))
    return groups


def pairs_of(groups: Iterable[Iterable[int]]) -> set[tuple[int, int]]:
    """Every pair of children that share a group."""
    return {pair for group in groups for pair in combinations(sorted(set(group)), 2)}


@dataclass(frozen=True)
class Evaluation:
    matches: list[dict[str, object]]
    precision: float
    recall: float


def evaluate(planted: dict[str, set[int]], found: list[Group]) -> Evaluation:
    """Each planted group's best-matching found group (by Jaccard), and pairwise precision and
    recall of "these two children share a group"."""
    matches: list[dict[str, object]] = []
    for name, children in sorted(planted.items()):
        best, score = None, 0.0
        for index, group in enumerate(found):
            jaccard = len(children & group.children) / len(children | group.children)
            if jaccard > score:
                best, score = index, jaccard
        matches.append(
            {
                "planted": name,
                "planted_children": len(children),
                "found": best,
                "found_children": len(found[best].children) if best is not None else 0,
                "shared_children": len(children & found[best].children) if best is not None else 0,
                "jaccard": round(score, 4),
            }
        )
    truth, predicted = pairs_of(planted.values()), pairs_of(g.children for g in found)
    both = len(truth & predicted)
    precision = both / len(predicted) if predicted else 1.0
    recall = both / len(truth) if truth else 1.0
    return Evaluation(matches=matches, precision=round(precision, 4), recall=round(recall, 4))
