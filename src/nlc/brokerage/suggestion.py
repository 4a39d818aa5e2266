"""One suggestion, as every kind of the brokerage assistant returns it."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Suggestion"]


@dataclass(frozen=True)
class Suggestion:
    """A suggested tie from ``source`` to ``target``, best first by ``score``.

    Parameters
    ----------
    source, target : str
        Node ids (for two-mode suggestions: the member and the affiliation).
    score : float
        Higher is better; comparable only within one call.
    reasons : tuple of str
        Plain sentences saying why, most telling first.
    kind : str
        ``"relationship"``, ``"membership"``, ``"partnership"``, ``"resource"``,
        ``"knowledge"`` or ``"affiliation"``.
    evidence : dict
        The figures behind the reasons (shared neighbours, distance, gain, ...), for JSON.
    """

    source: str
    target: str
    score: float
    reasons: tuple[str, ...] = ()
    kind: str = "relationship"
    evidence: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The JSON form of ``nlc suggest``: source, target, score, reasons (and kind)."""
        return {
            "source": self.source,
            "target": self.target,
            "score": self.score,
            "reasons": list(self.reasons),
            "kind": self.kind,
            **({"evidence": self.evidence} if self.evidence else {}),
        }
