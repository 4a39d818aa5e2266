"""Generate the bundled example network (src/nlc/data/example/), deterministic.

A made-up Community Leadership Network in the spirit of the NCSL seed papers: fourteen
schools and eleven community partners, tied over two school years. Run from the repo root:
python scripts/make_example.py
"""

import csv
import datetime as dt
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "nlc" / "data" / "example"
rng = random.Random(2007)

orgs = [
    *[
        (f"P{i:02d}", name, "primary")
        for i, name in enumerate(
            [
                "Beechcliffe Primary",
                "Holycroft Primary",
                "Eastwood Primary",
                "Lund Park Primary",
                "Parkwood Primary",
                "Guardhouse Primary",
                "Long Lee Primary",
                "Worth Valley Primary",
                "Bracken Bank Primary",
                "Steeton Primary",
            ],
            start=1,
        )
    ],
    ("S01", "Keighley Academy", "secondary"),
    ("S02", "Oakbank School", "secondary"),
    ("S03", "Holy Family School", "secondary"),
    ("X01", "Beckfoot Phoenix (special)", "special"),
    ("H01", "Airedale NHS Trust", "health"),
    ("H02", "Keighley Health Centre", "health"),
    ("C01", "Children's Social Care, Keighley", "social care"),
    ("L01", "Keighley Library", "library"),
    ("Q01", "West Yorkshire Police, Keighley", "police"),
    ("V01", "Keighley Healthy Living Network", "voluntary"),
    ("V02", "Sangat Centre", "voluntary"),
    ("V03", "Keighley Association Women and Children's Centre", "voluntary"),
    ("F01", "Keighley College", "further education"),
    ("A01", "Bradford Local Authority (schools)", "local authority"),
    ("A02", "Bradford Extended Services Team", "local authority"),
]
sector = {code: s for code, _, s in orgs}
schools = [c for c, _, s in orgs if s in {"primary", "secondary", "special"}]
partners = [c for c, _, s in orgs if c not in schools]
types = [
    "advice",
    "collaboration",
    "knowledge exchange",
    "resource",
    "referral",
    "co-participation",
]
start = dt.date(2024, 9, 1)

ties = []


def tie(a, b, kind=None):
    when = start + dt.timedelta(days=rng.randrange(0, 680))
    ties.append((a, b, rng.choice([1, 1, 2, 3]), kind or rng.choice(types), when.isoformat()))


# Schools bond: clusters of primaries around their secondary.
clusters = {"S01": schools[0:4], "S02": schools[4:7], "S03": schools[7:10]}
for hub, members in clusters.items():
    for p in members:
        tie(p, hub, "collaboration")
        tie(hub, p, "advice")
    for a in members:
        for b in members:
            if a != b and rng.random() < 0.5:
                tie(a, b)
# A few primaries reach across clusters; the special school advises many.
for _ in range(6):
    a, b = rng.sample(schools[:10], 2)
    tie(a, b, "knowledge exchange")
for s in rng.sample(schools[:13], 6):
    tie("X01", s, "advice")
# The local authority brokers: schools to partners and partners to each other.
for s in schools:
    if rng.random() < 0.6:
        tie(s, "A01", "advice")
for p in partners:
    if p != "A01":
        tie("A01", p, "collaboration")
for s in rng.sample(schools, 8):
    tie(s, "A02", "co-participation")
tie("A02", "V01", "resource")
tie("A02", "L01", "resource")
# Partners: health and social care with a few schools, referral ties.
for s in rng.sample(schools, 5):
    tie(s, "C01", "referral")
for s in rng.sample(schools, 4):
    tie(s, "H01", "referral")
tie("H01", "H02", "knowledge exchange")
tie("H02", "V01", "collaboration")
tie("V01", "V02", "collaboration")
tie("V02", "V03", "collaboration")
tie("V03", "C01", "referral")
tie("Q01", "S01", "advice")
tie("Q01", "C01", "referral")
tie("L01", "P03", "resource")
tie("L01", "P07", "resource")
tie("F01", "S01", "knowledge exchange")
tie("F01", "S02", "knowledge exchange")
tie("S02", "F01", "collaboration")

OUT.mkdir(parents=True, exist_ok=True)
with open(OUT / "nodes.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "name", "sector", "kind"])
    for code, name, s in orgs:
        w.writerow([code, name, s, "school" if code in schools else "partner"])
with open(OUT / "ties.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["source", "target", "weight", "type", "date"])
    w.writerows(ties)
print(f"{len(orgs)} organisations, {len(ties)} ties -> {OUT}")
