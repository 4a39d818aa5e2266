"""Network measures: bridging and bonding, brokerage, structural holes, centralisation.

Framework-free: never imports Django. Each measure lives in a module named for its idea and
documents its formula, its convention (R's sna, UCINET, igraph) and its reference.
"""

from importlib import import_module
from typing import TYPE_CHECKING

# Modules named like a function they define are imported now: importing such a module later
# would set its name on the package to the module, hiding the function.
from nlc.analysis.communities import Communities, communities, component_count
from nlc.analysis.structural_holes import StructuralHoles, structural_holes

if TYPE_CHECKING:
    from nlc.analysis.brokerage import ROLES, BrokerageResult, brokerage_roles
    from nlc.analysis.centrality import Betweenness, betweenness, centralization
    from nlc.analysis.homophily import EIResult, attribute_assortativity, ei_index, mixing_matrix
    from nlc.analysis.summary import Analysis, analyse

#: The module of each name: they are imported when first used, so that importing one module
#: of the package (``nlc.analysis.shape``) does not import them all (and scipy with them).
_HOME = {
    "ROLES": "brokerage",
    "BrokerageResult": "brokerage",
    "brokerage_roles": "brokerage",
    "Betweenness": "centrality",
    "betweenness": "centrality",
    "centralization": "centrality",
    "EIResult": "homophily",
    "attribute_assortativity": "homophily",
    "ei_index": "homophily",
    "mixing_matrix": "homophily",
    "Analysis": "summary",
    "analyse": "summary",
}

__all__ = [
    "ROLES",
    "Analysis",
    "Betweenness",
    "BrokerageResult",
    "Communities",
    "EIResult",
    "StructuralHoles",
    "analyse",
    "attribute_assortativity",
    "betweenness",
    "brokerage_roles",
    "centralization",
    "communities",
    "component_count",
    "ei_index",
    "mixing_matrix",
    "structural_holes",
]


def __getattr__(name: str):
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{home}"), name)
