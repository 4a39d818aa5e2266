"""Ready-made question sets, so that a leader can launch a standard survey in one step.

Each set is a list of question definitions (the fields of
:class:`nlc.web.surveys.models.Question`). The trust and value set follows the PARTNER
tool's items (Varda et al., *PARTNER: Program to Analyze, Record, and Track Networks to
Enhance Relationships*): how valuable each partner is, and how far it can be trusted, on
four-point scales, and what the respondent's organisation contributes.
"""

from __future__ import annotations

from nlc.web.surveys.models import QuestionKind, RosterScope
from nlc.web.ties.models import TieType

CONTRIBUTIONS = [
    "Funding",
    "Data",
    "Expertise",
    "In-kind resources (rooms, staff time)",
    "Links to families and communities",
    "Leadership",
]

SETS: dict[str, tuple[str, list[dict]]] = {
    "advice": (
        "Advice",
        [
            {
                "kind": QuestionKind.ROSTER,
                "text": "Who do you go to for advice about teaching and learning?",
                "tie_type": TieType.ADVICE,
                "scope": RosterScope.PEOPLE,
                "interpreters": ["frequency"],
            }
        ],
    ),
    "collaboration": (
        "Collaboration",
        [
            {
                "kind": QuestionKind.ROSTER,
                "text": "Who do you collaborate with on shared work?",
                "tie_type": TieType.COLLABORATION,
                "scope": RosterScope.PEOPLE,
                "interpreters": ["frequency", "strength"],
            }
        ],
    ),
    "knowledge": (
        "Knowledge exchange",
        [
            {
                "kind": QuestionKind.ROSTER,
                "text": "Who do you share knowledge, ideas or resources with?",
                "tie_type": TieType.KNOWLEDGE_EXCHANGE,
                "scope": RosterScope.PEOPLE,
                "interpreters": ["frequency"],
            }
        ],
    ),
    "trust": (
        "Trust and value (PARTNER)",
        [
            {
                "kind": QuestionKind.ROSTER,
                "text": "Which organisations does your organisation work with in this network?",
                "tie_type": TieType.COLLABORATION,
                "scope": RosterScope.ORGANISATIONS,
                "interpreters": ["value", "trust"],
            },
            {
                "kind": QuestionKind.ORGANISATION,
                "text": "What does your organisation contribute to the network?",
                "choices": CONTRIBUTIONS,
            },
        ],
    ),
}


def questions_of(keys: list[str]) -> list[dict]:
    """The question definitions of the sets ``keys`` in order (unknown keys: ValueError)."""
    unknown = [k for k in keys if k not in SETS]
    if unknown:
        raise ValueError(f"No question set {', '.join(unknown)}; choose among {', '.join(SETS)}.")
    return [dict(q) for key in keys for q in SETS[key][1]]
