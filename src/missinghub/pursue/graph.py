"""The network view's drawing data for Cytoscape.js: the child, their entities and the other
children linked to each. The page shows the same rows as a table, which is enough alone."""

from typing import Any

from missinghub.children.models import Child
from missinghub.pursue.selectors import EntityRow


def _child_label(child: Child) -> str:
    return f"{child.given_name} {child.family_name}"


def graph_of_child(child: Child, rows: list[EntityRow]) -> dict[str, list[dict[str, Any]]]:
    nodes: dict[str, dict[str, Any]] = {
        f"c{child.pk}": {"id": f"c{child.pk}", "label": _child_label(child), "type": "focus"}
    }
    edges = []
    for row in rows:
        entity_node = f"e{row.entity.pk}"
        nodes[entity_node] = {"id": entity_node, "label": row.entity.label, "type": row.entity.kind}
        edges.append(
            {"id": f"c{child.pk}-{entity_node}", "source": f"c{child.pk}", "target": entity_node}
        )
        for other in row.others:
            other_node = f"c{other.pk}"
            nodes.setdefault(
                other_node, {"id": other_node, "label": _child_label(other), "type": "child"}
            )
            edges.append(
                {"id": f"{other_node}-{entity_node}", "source": other_node, "target": entity_node}
            )
    return {
        "nodes": [{"data": node} for node in nodes.values()],
        "edges": [{"data": edge} for edge in edges],
    }
