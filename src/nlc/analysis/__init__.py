"""Network measures: bridging and bonding, brokerage, structural holes, centralisation.

Framework-free: never imports Django. Each measure lives in a module named for its idea and
documents its formula, its convention (R's sna, UCINET, igraph) and its reference.
"""

from nlc.analysis.brokerage import ROLES, BrokerageResult, brokerage_roles
from nlc.analysis.centrality import Betweenness, betweenness, centralization
from nlc.analysis.communities import Communities, communities, component_count
from nlc.analysis.homophily import EIResult, attribute_assortativity, ei_index, mixing_matrix
from nlc.analysis.structural_holes import StructuralHoles, structural_holes
from nlc.analysis.summary import Analysis, analyse

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
