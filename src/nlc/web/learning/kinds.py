"""The seven learning processes and what each records beyond what every activity records.

Data, not code: each :class:`Kind` names the kind-specific fields of an activity (kept in
``Activity.details``), what its steps are called and what each step records, whether it
has case pupils, and what must be filled in before it can be closed. The forms, the API, the
import and the checks of :mod:`nlc.web.learning.services` all read these.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "STEP_FIELDS", "Kind", "kind_of"]

#: The fields every step may record (each kind names the ones it uses, with its own labels).
STEP_FIELDS = ("prediction", "action", "observation", "next_steps")


@dataclass(frozen=True)
class Kind:
    """One learning process.

    Parameters
    ----------
    key, label : str
        Stored value and name.
    fields : tuple of (name, label, help)
        Kind-specific fields of the activity (``Activity.details``), all free text.
    step : str
        What one step is called ("Classroom visit", "Research lesson", "Cycle", "Session").
    step_fields : tuple of (name, label)
        Which of :data:`STEP_FIELDS` a step records, and their labels here.
    case_pupils : bool
        Whether the activity follows case pupils (research lesson study).
    min_steps : int
        Steps needed before the activity can be marked done.
    required_to_close : tuple of str
        Fields of ``fields`` that must be filled before it can be marked done.
    """

    key: str
    label: str
    summary: str
    fields: tuple[tuple[str, str, str], ...]
    step: str
    step_fields: tuple[tuple[str, str], ...]
    case_pupils: bool = False
    min_steps: int = 0
    required_to_close: tuple[str, ...] = ()

    @property
    def field_names(self) -> list[str]:
        return [name for name, _, _ in self.fields]


_PURPOSE = (
    ("critical_group", "Critical group", "Who carries the work: the group and how it was chosen."),
    ("core_purpose", "The network's core purpose", ""),
    ("aspirations", "Aspirations", "What the network hopes to become (feeds the plan)."),
    ("goals", "Goals", "Goals agreed (feed the network's plan)."),
    ("scenarios", "Scenarios considered", "Futures considered and what they imply."),
)

KINDS: dict[str, Kind] = {
    k.key: k
    for k in [
        Kind(
            "learning_walk",
            "Networked Learning Walk",
            "Walkers from other schools visit classrooms of a host school against a sharply "
            "stated focus, then debrief the host.",
            (
                (
                    "protocol",
                    "Protocol",
                    "The brief, the visits, the evidence sought, the debrief.",
                ),
                ("findings", "Debrief findings", "What the walkers found against the focus."),
                ("next_steps", "Agreed next steps for the host", ""),
            ),
            "Classroom visit",
            (("observation", "Evidence notes against the focus (no children's names)"),),
            required_to_close=("findings", "next_steps"),
        ),
        Kind(
            "lesson_study",
            "Research Lesson Study",
            "A cross-school team plans, teaches and observes research lessons with attention on "
            "case pupils, comparing what it predicted with what it observed.",
            (
                ("data_source", "Data the focus was drawn from", ""),
                ("technique", "Technique refined", "The teaching technique the cycle refined."),
                ("public_lesson", "Public research lesson", "When and where it was shared."),
            ),
            "Research lesson",
            (
                ("action", "Plan"),
                ("observation", "What was observed"),
                ("next_steps", "Revisions for the next lesson"),
            ),
            case_pupils=True,
            min_steps=3,
            required_to_close=("technique",),
        ),
        Kind(
            "enquiry",
            "Collaborative Enquiry",
            "Practitioners of several schools enquire into a question in coaching pairs, in "
            "cycles of predicting, trying, studying and changing.",
            (
                ("question", "Enquiry question", ""),
                ("method", "Method", ""),
                ("data", "Data gathered", ""),
                ("coaching_pairs", "Coaching pairs", "Who coaches whom."),
                ("finding", "Finding", ""),
            ),
            "Cycle",
            (
                ("prediction", "Prediction"),
                ("action", "What was done"),
                ("observation", "What was found against the prediction"),
                ("next_steps", "What changes next"),
            ),
            required_to_close=("question", "finding"),
        ),
        Kind(
            "pupil_involvement",
            "Networked Pupil Involvement",
            "Pupils take part as researchers, learning-walk guides or council representatives.",
            (("purpose", "Purpose", "What the pupils were asked to do and why."),),
            "Session",
            (("action", "What the pupils did"), ("observation", "What they contributed")),
        ),
        Kind(
            "cll_group",
            "CLL group",
            "A Collaborative Leadership Learning group: leaders of several schools meet "
            "around a leadership learning question.",
            (("question", "Leadership learning question", ""),),
            "Session",
            (("action", "What the group did"), ("observation", "What it learnt")),
            required_to_close=("question",),
        ),
        Kind(
            "building_capacity",
            "Building Capacity",
            "Building capacity for sustaining networked learning: a critical group sets out the "
            "network's purpose, aspirations and goals.",
            _PURPOSE,
            "Meeting",
            (("action", "What was done"), ("observation", "What came out of it")),
            required_to_close=("core_purpose",),
        ),
        Kind(
            "futures",
            "Futures thinking",
            "The network imagines futures for its communities and what they ask of it now.",
            _PURPOSE,
            "Workshop",
            (("action", "What was done"), ("observation", "What came out of it")),
            required_to_close=("scenarios",),
        ),
    ]
}


def kind_of(key: str) -> Kind:
    """The :class:`Kind` stored as ``key``."""
    return KINDS[key]
