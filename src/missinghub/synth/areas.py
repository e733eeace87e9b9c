"""The councils of a synthetic population, the force serving them, and where each child lives.

Council scale is one council (Northdale), as before; a child placed out of borough lives outside
it (no host area in the truth files). Region scale is six councils served by one force, each
with a different shipped protocol (protocols/), and a child placed out of borough lives in
another council of the region: the cross-border placements the areas of #25 are about. The
council responsible for a child (the placing council when looked after, else the home council)
is the child's home council. No Django.
"""

from dataclasses import dataclass

import numpy as np

from missinghub.synth.population import OUT_OF_BOROUGH, Children

IntArray = np.ndarray
# (council, its protocol): one of each shipped protocol.
REGION_COUNCILS = (
    ("Northdale", "hartlepool-vemt"),
    ("Southvale", "england-statutory"),
    ("Eastmere", "lancashire"),
    ("Westbrook", "northamptonshire"),
    ("Highfield", "plymouth-2013"),
    ("Lowmoor", "wales"),
)
# The demo's force (accounts/demo.py) serves every council; its own rules are Northdale's.
FORCE, FORCE_AREA = "Northdale Police", "Northdale"
OUTSIDE = -1  # a placement outside the population's councils
_STREAM = 25  # the areas' own random stream: the other draws stay as they were


def councils_of(scale: str) -> tuple[tuple[str, str], ...]:
    return REGION_COUNCILS if scale == "region" else REGION_COUNCILS[:1]


@dataclass(frozen=True)
class Areas:
    names: tuple[str, ...]  # council names, indexed by the arrays below
    home: IntArray  # (children,) the child's home council, responsible for the child
    host: IntArray  # (children, slots) the council each placement is in; OUTSIDE, or unused

    def labels(self) -> tuple[str, ...]:
        """The names, then "" (outside) last: index with `codes`."""
        return (*self.names, "")

    def codes(self, index: IntArray) -> IntArray:
        """Indexes into `labels`: OUTSIDE becomes the last."""
        return np.where(index == OUTSIDE, len(self.names), index)


def assign_areas(children: Children, scale: str, seed: int) -> Areas:
    """Each child a home council (evenly); each out-of-borough placement another council of
    the region (evenly), or outside it when there is only one; the others the home council."""
    names = tuple(name for name, _ in councils_of(scale))
    rng = np.random.default_rng([seed, _STREAM])
    count = len(names)
    home = rng.integers(count, size=children.size)
    shape = children.placement_area.shape
    if count > 1:
        away = (home[:, None] + 1 + rng.integers(count - 1, size=shape)) % count
    else:
        away = np.full(shape, OUTSIDE)
    host = np.where(children.placement_area == OUT_OF_BOROUGH, away, home[:, None])
    return Areas(names, home, np.asarray(host, dtype=np.int64))
