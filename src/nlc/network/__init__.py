"""The graph model and the file formats NLC reads. Framework-free: never imports Django."""

from nlc.network.io import read_nodes, read_ties
from nlc.network.model import Network, NodeTable, TieTable, build_network, group_codes

__all__ = [
    "Network",
    "NodeTable",
    "TieTable",
    "build_network",
    "group_codes",
    "read_nodes",
    "read_ties",
]
