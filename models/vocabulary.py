"""The fixed choice lists of the product (statuses, categories, levels…), stored value → label."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Choices:
    """An ordered list of stored values, each with the label users read."""

    what: str
    labels: dict[str, str]
    aliases: tuple[tuple[str, str], ...] = ()  # other words users write for a value: (word, stored value)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(self.labels)

    def label(self, value: str | None) -> str:
        return self.labels.get(value or "", value or "")

    def check(self, value: str) -> str:
        """Return the stored value for a value or a label (any case); refuse anything else."""
        text = (value or "").strip()
        for stored, label in self.labels.items():
            if text.lower() in (stored.lower(), label.lower()):
                return stored
        for word, stored in self.aliases:
            if text.lower() == word:
                return stored
        from models.errors import InvalidInput

        article = "an" if self.what[0] in "aeiou" else "a"
        raise InvalidInput(
            f"“{text}” is not {article} {self.what}; choose one of: {', '.join(self.labels.values())}."
        )


ACCESS = Choices(
    "access status",
    {"accessible": "Accessible", "partial": "Partly accessible", "blocked": "Blocked", "unknown": "Unknown"},
)
# One letter per status, so a status is never shown by colour alone.
ACCESS_LETTER = {"accessible": "A", "partial": "P", "blocked": "B", "unknown": "?"}
# Okabe–Ito: distinguishable by colour-blind readers.
ACCESS_COLOUR = {"accessible": "#009E73", "partial": "#E69F00", "blocked": "#D55E00", "unknown": "#999999"}

# The letter on a status colour is black on every fill: contrast of at least 5.8:1 on all four, where
# white falls below the 4.5:1 that small text needs on the green and the vermilion.
ACCESS_INK = dict.fromkeys(ACCESS_COLOUR, "#000000")

# Where an item stands across several localities (models.analysis.reach): each item is in exactly one.
REACH = Choices(
    "reach across localities",
    {"everywhere": "Accessible everywhere", "some": "Accessible in some localities",
     "partly": "Only partly accessible", "nowhere": "Blocked, nowhere accessible", "unknown": "Not known anywhere"},
)
REACH_COLOUR = {"everywhere": ACCESS_COLOUR["accessible"], "some": "#56B4E9", "partly": ACCESS_COLOUR["partial"],
                "nowhere": ACCESS_COLOUR["blocked"], "unknown": ACCESS_COLOUR["unknown"]}
REACH_NOTE = ("Accessible everywhere: every locality can access the item in full. Accessible in some localities: "
              "at least one can, and others cannot or do not know yet. Only partly accessible: none has it in full, "
              "some have part of it. Blocked, nowhere accessible: none has any of it and at least one is blocked. "
              "Not known anywhere: no locality knows yet.")

PRIORITY = Choices("priority", {"essential": "Essential", "useful": "Useful"})

CATEGORY = Choices(
    "blockage category",
    {
        "legal": "Legal",
        "technical": "Technical",
        "cultural": "Cultural",
        "resource": "Resource",
        "currency": "Currency/granularity",
        "consent": "Consent",
        "organisational": "Organisational",
    },
    # The label “Currency/granularity” names two words a user may write alone.
    (("granularity", "currency"), ("organizational", "organisational")),
)

LEVEL = Choices("action level", {"local": "Local", "gm": "Greater Manchester", "national": "National"})

ACTION_STATUS = Choices(
    "action status",
    {"proposed": "Proposed", "agreed": "Agreed", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"},
)

NATURE = Choices("kind of data", {"quantitative": "Quantitative indicator", "qualitative": "Qualitative information"})
VOLUME = Choices("form of sharing", {"bulk": "Bulk data", "case": "Case-by-case information"})
GRANULARITY = Choices(
    "granularity",
    {"person": "Person", "family": "Family", "soa": "SOA", "ward": "Ward", "borough": "Borough"},
)
AGREEMENT_TIER = Choices("agreement tier", {"tier1": "Tier 1 (strategic)", "tier2": "Tier 2 (specific)"})

DEFAULT_STAGES = (
    ("Identification of need", "accurately identify families"),
    ("Design of support", "design the right support for each family"),
    ("Delivery of support", "deliver joined-up support to each family"),
    ("Evaluation of impact", "show the impact of our support"),
)

GREATER_MANCHESTER = (
    "Bolton", "Bury", "Manchester", "Oldham", "Rochdale",
    "Salford", "Stockport", "Tameside", "Trafford", "Wigan",
)
