"""Regenerates every corpus (article .txt files + gold.json) from the hand-written data below.

Edit the data here, not the generated files, then run:
    /work/main/.venv/bin/python eval/corpora/build.py && /work/main/.venv/bin/python eval/corpora/validate.py
All text is original fictional composition.
"""

from _lib import Doc, alignment, planted, write_corpus

NBSP = "\u00a0"


# ---------------------------------------------------------------- 1. split-merge
def split_merge():
    a = Doc(
        "a.txt",
        [
            [
                (
                    "a1",
                    "The government of Norvania approved a 2.4 billion crown plan on Tuesday to protect the port city of Kessmar from rising sea levels.",
                ),
                (
                    "a2",
                    "The plan includes a movable storm barrier across the harbour mouth, new pumping stations and the raising of about 11 kilometres of quayside.",
                ),
            ],
            [
                (
                    "a3",
                    "Infrastructure Minister Selma Arvidsen told reporters that construction would begin next spring and take roughly seven years.",
                ),
                (
                    "a4",
                    '"Kessmar cannot wait for the next great flood to decide what it is worth," Arvidsen said.',
                ),
            ],
            [
                (
                    "a5",
                    "The city was badly hit in 2019, when a winter storm pushed water into the old town and forced the evacuation of 3,200 residents.",
                ),
                ("a6", "Damage from that storm was later estimated at 310 million crowns."),
                (
                    "a7",
                    "Insurers have since raised premiums for homes near the waterfront by as much as 40 percent.",
                ),
            ],
            [
                (
                    "a8",
                    "The barrier will consist of two steel gates, each 160 metres long, that can be closed within 45 minutes when a surge is forecast.",
                ),
                (
                    "a9",
                    "Engineers say the gates will remain open for most of the year so that ships can pass freely.",
                ),
            ],
            [
                ("a10", "The opposition Green Coast party welcomed the plan but criticised its cost."),
                (
                    "a11",
                    "Party leader Jonas Brekk said the money should have been spent earlier on restoring wetlands south of the city.",
                ),
            ],
            [
                (
                    "a12",
                    "Shipping companies, which had feared long closures of the harbour, said they were satisfied with the design.",
                ),
                (
                    "a13",
                    "The port handles about 14 million tonnes of cargo a year and employs some 6,000 people directly.",
                ),
            ],
            [
                ("a14", "Parliament is expected to vote on the financing in June."),
                ("a15", "If approved, the first contracts will be awarded before the end of the year."),
            ],
        ],
    )
    b = Doc(
        "b.txt",
        [
            [
                (
                    "b1",
                    "Norvania's government on Tuesday approved a 2.4 billion crown plan to protect the port city of Kessmar against rising sea levels.",
                ),
                ("b2a", "The plan includes a movable storm barrier across the harbour mouth."),
                (
                    "b2b",
                    "It also provides for new pumping stations and the raising of about 11 kilometres of quayside.",
                ),
            ],
            [
                (
                    "b3",
                    "Construction will start next spring and last roughly seven years, Infrastructure Minister Selma Arvidsen told reporters.",
                ),
                (
                    "b4",
                    '"Kessmar cannot wait for the next great flood to decide what it is worth," she said.',
                ),
            ],
            [
                (
                    "b5",
                    "The city was hit hard in 2019, when a winter storm drove water into the old town and forced 3,200 residents to evacuate.",
                ),
                (
                    "b67",
                    "That storm caused damage later estimated at 310 million crowns, and insurers have since raised premiums for waterfront homes by up to 40 percent.",
                ),
            ],
            [
                ("b8a", "The barrier will consist of two steel gates, each 160 metres long."),
                ("b8b", "They can be closed within 45 minutes whenever a surge is forecast."),
                (
                    "b9",
                    "According to engineers, the gates will stay open for most of the year so ships can pass freely.",
                ),
            ],
            [
                ("b10", "The opposition Green Coast party welcomed the plan but said it was too expensive."),
                (
                    "b11",
                    "Its leader, Jonas Brekk, said the money should have been spent earlier on restoring wetlands south of the city.",
                ),
            ],
            [
                (
                    "b12",
                    "Shipping companies, which had feared long harbour closures, said they were satisfied with the design.",
                ),
                (
                    "b13",
                    "The port handles about 14 million tonnes of cargo a year and directly employs some 6,000 people.",
                ),
            ],
            [
                (
                    "b1415",
                    "Parliament is expected to vote on the financing in June, and if it is approved the first contracts will be awarded before the end of the year.",
                )
            ],
        ],
    )
    links = [
        ("a1", "b1"),
        ("a2", ["b2a", "b2b"]),
        ("a3", "b3"),
        ("a4", "b4"),
        ("a5", "b5"),
        (["a6", "a7"], "b67"),
        ("a8", ["b8a", "b8b"]),
        ("a9", "b9"),
        ("a10", "b10"),
        ("a11", "b11"),
        ("a12", "b12"),
        ("a13", "b13"),
        (["a14", "a15"], "b1415"),
    ]
    gold = {
        "about": "English flood-barrier story (15 sentences) and a light rewording that splits 2 sentences "
        "(a2, a8 -> 1:2) and merges 2 adjacent pairs (a6+a7, a14+a15 -> 2:1). No change of meaning: "
        "a tool should report no findings.",
        "story_groups": [["a.txt", "b.txt"]],
        "alignments": [alignment(a, b, "rendering", links)],
        "planted": [],
    }
    write_corpus("split-merge", [a, b], gold)


# ---------------------------------------------------------------- 2. moved
def moved():
    p1 = [
        (
            "m1",
            "The central bank of Estmark raised its main interest rate by a quarter of a percentage point on Thursday, to 4.25 percent, its third increase this year.",
        ),
        (
            "m2",
            "The decision was widely expected by economists, 19 of 23 of whom had predicted the move in a survey last week.",
        ),
    ]
    p2 = [
        (
            "m3",
            "Annual inflation in Estmark reached 6.1 percent in May, well above the bank's target of 2 percent.",
        ),
        ("m4", "Food and rent prices rose fastest, while fuel prices eased slightly from their winter peak."),
    ]
    p3 = [
        (
            "m5",
            '"We will do what is necessary to bring inflation back to target, even if this means slower growth for a while," Governor Ilse Marrow said at a news conference.',
        ),
        ("m6", "She added that the bank was not yet ready to say whether further increases would follow."),
    ]
    p4 = [
        (
            "m7",
            "The national currency, the mark, strengthened by 0.8 percent against the euro after the announcement.",
        ),
        ("m8", "Shares in the country's two largest banks rose, while construction stocks fell."),
    ]
    p5 = [
        ("m9", "Business groups had urged the bank to pause."),
        (
            "m10",
            "The Estmark Chamber of Industry said higher borrowing costs were already causing firms to delay investment.",
        ),
        ("m11", "Mortgage lenders are expected to pass on the increase to customers within weeks."),
    ]
    p6 = [
        (
            "m12",
            "The government, which faces an election in the autumn, declined to comment on the decision.",
        ),
        (
            "m13",
            "Finance Minister Paul Varga has said in the past that he respects the independence of the central bank.",
        ),
    ]
    p7 = [
        (
            "m14",
            "The bank also revised its growth forecast for this year down to 1.1 percent from 1.6 percent.",
        ),
        ("m15", "It expects inflation to fall below 4 percent by the middle of next year."),
        ("m16", "The next rate decision is due on September 12."),
    ]
    a = Doc("a.txt", [p1, p2, p3, p4, p5, p6, p7])

    q3 = [
        (
            "n5",
            '"We will do what is necessary to bring inflation back to target, even if it means slower growth for a while," central bank Governor Ilse Marrow told a news conference on Thursday.',
        ),
        ("n6", "She said the bank was not yet ready to say whether more increases would follow."),
    ]
    q1 = [
        (
            "n1",
            "Estmark's central bank raised its main interest rate by a quarter of a percentage point to 4.25 percent, its third increase this year.",
        ),
        (
            "n2",
            "Economists had widely expected the decision, with 19 of 23 predicting the move in a survey last week.",
        ),
    ]
    q2 = [
        ("n3", "Annual inflation in Estmark hit 6.1 percent in May, far above the bank's 2 percent target."),
        (
            "n4",
            "Food and rent prices climbed fastest, while fuel prices eased slightly from their winter peak.",
        ),
    ]
    q4 = [
        ("n7", "After the announcement, the mark strengthened by 0.8 percent against the euro."),
        ("n8", "Shares in the country's two largest banks rose, while construction stocks fell."),
    ]
    q7 = [
        ("n14", "The bank also cut its growth forecast for this year to 1.1 percent from 1.6 percent."),
        ("n15", "It expects inflation to drop below 4 percent by the middle of next year."),
        ("n16", "Its next rate decision is due on September 12."),
    ]
    q5 = [
        ("n9", "Business groups had urged the bank to hold off."),
        (
            "n10",
            "The Estmark Chamber of Industry said higher borrowing costs were already leading firms to postpone investment.",
        ),
        ("n11", "Mortgage lenders are expected to pass the increase on to customers within weeks."),
    ]
    q6 = [
        ("n12", "The government, which faces an election in the autumn, declined to comment."),
        (
            "n13",
            "Finance Minister Paul Varga has said in the past that he respects the central bank's independence.",
        ),
    ]
    b = Doc("b.txt", [q3, q1, q2, q4, q7, q5, q6])
    links = [("m%d" % i, "n%d" % i) for i in range(1, 17)]
    gold = {
        "about": "Central-bank rate story (16 sentences, 7 paragraphs). b.txt is a light rewording in which the "
        "quote paragraph (3rd) moved to the top and the last paragraph (forecasts) moved to the middle "
        "(after the markets paragraph). All links 1:1, no change of meaning: a tool should report no "
        "findings. Extra key 'moved' lists the ref sentences of each moved paragraph.",
        "story_groups": [["a.txt", "b.txt"]],
        "alignments": [alignment(a, b, "rendering", links)],
        "planted": [],
        "moved": [
            {
                "ref": "a.txt",
                "var": "b.txt",
                "ref_sentences": [t for _, t in p3],
                "from_paragraph": 3,
                "to_paragraph": 1,
            },
            {
                "ref": "a.txt",
                "var": "b.txt",
                "ref_sentences": [t for _, t in p7],
                "from_paragraph": 7,
                "to_paragraph": 5,
            },
        ],
    }
    write_corpus("moved", [a, b], gold)


# ---------------------------------------------------------------- 3. insert-omit
def insert_omit():
    a = Doc(
        "a.txt",
        [
            [
                (
                    "i1",
                    "Firefighters in the southern province of Calvera were battling a wildfire on Sunday that has burned more than 8,500 hectares of forest and scrubland since Friday.",
                ),
                (
                    "i2",
                    "About 1,400 people were evacuated from four villages overnight as strong winds pushed the flames toward the coast.",
                ),
            ],
            [
                (
                    "i3",
                    "Regional emergency chief Tomas Ferrand said 620 firefighters, 14 aircraft and 90 ground vehicles were deployed.",
                ),
                (
                    "i4",
                    '"The next 24 hours will be decisive, because the wind is expected to turn in the afternoon," Ferrand said.',
                ),
                (
                    "i5",
                    "No deaths have been reported, but two firefighters were treated for smoke inhalation.",
                ),
            ],
            [
                ("i6", "The fire started near a motorway rest area on Friday afternoon."),
                (
                    "i7",
                    "Investigators have not ruled out arson, and police said they had questioned a witness.",
                ),
                (
                    "i8",
                    "Temperatures in the region have exceeded 38 degrees Celsius for most of the past week.",
                ),
            ],
            [
                ("i9", "The main coastal road between Port Alda and Serrin was closed in both directions."),
                ("i10", "Train services on the same route were suspended until at least Monday."),
                (
                    "i11",
                    "Tourists staying at campsites near the beach were moved to a sports hall in Port Alda.",
                ),
            ],
            [
                (
                    "i12",
                    "Calvera suffered its worst fire season in two decades last summer, when 31,000 hectares burned.",
                ),
                (
                    "i13",
                    "Environmental groups have warned that the abandonment of farmland has left large areas covered with dry vegetation.",
                ),
            ],
            [
                (
                    "i14",
                    "The national government said it would send two additional water-bombing planes on Monday.",
                ),
                ("i15", "Prime Minister Elena Ruiz Carmo is due to visit the area later in the week."),
            ],
        ],
    )
    b = Doc(
        "b.txt",
        [
            [
                (
                    "j1",
                    "Firefighters in Calvera, a southern province, were fighting a wildfire on Sunday that has burned more than 8,500 hectares of forest and scrubland since Friday.",
                ),
                (
                    "j2",
                    "Around 1,400 people were evacuated from four villages overnight as strong winds drove the flames toward the coast.",
                ),
            ],
            [
                (
                    "j3",
                    "Regional emergency chief Tomas Ferrand said 620 firefighters, 14 aircraft and 90 ground vehicles had been deployed.",
                ),
                (
                    "j4",
                    '"The next 24 hours will be decisive, because the wind is expected to turn in the afternoon," he said.',
                ),
                (
                    "j5",
                    "No deaths have been reported, though two firefighters were treated for smoke inhalation.",
                ),
                (
                    "x1",
                    "A hospital in Serrin said it had set up a temporary unit for residents with breathing problems.",
                ),
            ],
            [
                ("j6", "The fire broke out near a motorway rest area on Friday afternoon."),
                (
                    "j8",
                    "For most of the past week, temperatures in the region have topped 38 degrees Celsius.",
                ),
                ("x2", "Humidity has fallen below 15 percent, according to the national weather service."),
            ],
            [
                ("j9", "The main coastal road between Port Alda and Serrin was closed in both directions."),
                ("j10", "Train services on the route were suspended until at least Monday."),
            ],
            [
                (
                    "j12",
                    "Last summer Calvera had its worst fire season in two decades, with 31,000 hectares burned.",
                ),
                (
                    "x3",
                    "Volunteers from neighbouring provinces have been collecting water and food for the evacuees.",
                ),
            ],
            [
                (
                    "j14",
                    "The national government said it would send two more water-bombing planes on Monday.",
                ),
                ("j15", "Prime Minister Elena Ruiz Carmo is expected to visit the area later this week."),
            ],
        ],
    )
    links = [("i%d" % i, "j%d" % i) for i in (1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 14, 15)]
    P = []
    for sid, sev in (("i7", "error"), ("i11", "warning"), ("i13", "warning")):
        P.append(planted("b.txt", None, "omission", sev, "a.txt", a.sent[sid]))
    for sid in ("x1", "x2", "x3"):
        P.append(planted("b.txt", b.sent[sid], "insertion", "warning", "a.txt", None))
    gold = {
        "about": "Wildfire story (15 sentences). b.txt renders 12 of them with light rewording, omits 3 "
        "(arson investigation = error, tourists moved and environmental warning = warning) and inserts 3 "
        "on-topic sentences with no source (hospital unit, humidity figure, volunteers). Omission entries "
        "in 'planted' have text null and the omitted ref sentence as counterpart.",
        "story_groups": [["a.txt", "b.txt"]],
        "alignments": [
            alignment(a, b, "rendering", links, omitted=["i7", "i11", "i13"], inserted=["x1", "x2", "x3"])
        ],
        "planted": P,
    }
    write_corpus("insert-omit", [a, b], gold)


# ---------------------------------------------------------------- 4. same-story
def same_story():
    a = Doc(
        "a.txt",
        [
            [
                (
                    "a1",
                    "Kaldoria will build its first offshore wind farm in the Nordbank shallows, Energy Minister Ruta Varnas announced on Monday.",
                ),
                (
                    "a2",
                    "The project, with a planned capacity of 1.2 gigawatts, will be developed jointly by the state utility KEN and the private company Eastwind Power.",
                ),
            ],
            [
                (
                    "a3",
                    '"This is the largest single investment in our energy system since independence," Varnas told a news conference in the capital, Tallor.',
                ),
                ("a4", "The government put the cost of the project at 3.1 billion euros."),
                ("a5", "Sixty turbines are to be installed about 25 kilometres off the west coast."),
            ],
            [
                ("a6", "Varnas said the wind farm should supply power to the grid from 2029."),
                (
                    "a7",
                    "Once running, it could cover roughly a third of the country's electricity demand, according to the ministry.",
                ),
            ],
            [
                ("a8", "Kaldoria currently generates more than half of its electricity from imported gas."),
                (
                    "a9",
                    '"We are not closing the door on gas, but we are no longer building our future on it," the minister said.',
                ),
            ],
            [
                (
                    "a10",
                    "Eastwind Power chief executive Anders Holm said the company would open a service base in the port of Velsa.",
                ),
                ("a11", "Around 1,500 people are expected to be employed during construction."),
            ],
            [
                (
                    "a12",
                    "The national fishing association said it had not been consulted and would seek compensation for lost fishing grounds.",
                ),
                (
                    "a13",
                    "The parliament must still approve a change to the maritime planning law before work can begin.",
                ),
                ("a14", "A vote is expected before the summer recess."),
            ],
        ],
    )
    b = Doc(
        "b.txt",
        [
            [
                (
                    "b1",
                    "Kaldoria's government announced on Monday that it will build an offshore wind farm, a project officials described as a turning point for the country's power supply.",
                ),
                (
                    "b2",
                    "The 3.1 billion euro project foresees 60 turbines off the western coast, the energy ministry said.",
                ),
            ],
            [
                (
                    "b3",
                    '"We are not closing the door on gas, but we are no longer building our future on it," Ruta Varnas, the energy minister, told reporters.',
                ),
                (
                    "b4",
                    "Electricity prices in Kaldoria rose by almost 30 percent last year, the highest increase in the region.",
                ),
            ],
            [
                (
                    "b5",
                    "According to the minister, the first power from the turbines should reach consumers in 2029.",
                ),
                (
                    "b6",
                    'Calling the project "the largest single investment in our energy system since independence," Varnas said it would make the country less exposed to price shocks.',
                ),
            ],
            [
                (
                    "b7",
                    "A previous tender for offshore wind, launched in 2021, was cancelled after no bidders came forward.",
                ),
                (
                    "b8",
                    "Opposition lawmaker Katrin Soll said the government had not explained how the project would be financed if costs rose.",
                ),
            ],
            [
                ("b9", "Construction is expected to create about 1,500 jobs."),
                (
                    "b10",
                    "An environmental study on the effects on migrating birds is due to be published in the autumn.",
                ),
                ("b11", "Coastal municipalities have asked for a share of the future revenue."),
                (
                    "b12",
                    "The energy ministry said it hoped to sign the final contracts by the end of the year.",
                ),
            ],
        ],
    )
    c = Doc(
        "c.txt",
        [
            [
                (
                    "c1",
                    "Kaldoria will set up a 45 million euro fund to compensate fishermen affected by offshore wind projects, Energy Minister Ruta Varnas said on Tuesday.",
                ),
                (
                    "c2",
                    "The announcement came a week after the government unveiled plans for its first offshore wind farm in the Nordbank shallows.",
                ),
            ],
            [
                (
                    "c3",
                    '"Nobody who earns a living from the sea should pay the price for our energy transition," Varnas told reporters in the port of Velsa.',
                ),
                (
                    "c4",
                    "Fishermen will be able to apply for payments from next March, and the ministry expects about 340 boat owners to qualify.",
                ),
            ],
            [
                (
                    "c5",
                    "Varnas also said the government would launch a tender for a second wind farm site, off the northern island of Hiru, in 2026.",
                ),
                ("c6", "That site could host up to 40 turbines, she said."),
            ],
            [
                (
                    "c7",
                    "The national fishing association, which had complained that it was not consulted, called the fund a first step but said it was too small.",
                ),
                (
                    "c8",
                    "Its chairman, Erik Paasma, said losses for the fleet could reach 120 million euros over 20 years.",
                ),
            ],
            [
                (
                    "c9",
                    "The grid operator said separately that connecting the offshore farms to the mainland would require new transmission lines costing about 800 million euros.",
                ),
                ("c10", "Parliament is due to debate the maritime planning law next month."),
            ],
        ],
    )
    d = Doc(
        "d.txt",
        [
            [
                (
                    "d1",
                    "Police in the city of Brandholm have recovered a 17th-century painting that was stolen from a regional museum nine years ago, officials said on Friday.",
                ),
                (
                    "d2",
                    "The small oil portrait, attributed to the painter Pieter Voss, was found during a search of a storage unit on the outskirts of the city.",
                ),
            ],
            [
                ("d3", "Two men aged 52 and 47 were arrested on suspicion of handling stolen goods."),
                (
                    "d4",
                    '"We never stopped looking for it, and today we can finally bring it home," museum director Hanna Lind said.',
                ),
            ],
            [
                (
                    "d5",
                    "The painting was taken in 2015 by thieves who entered the building through a skylight during a storm.",
                ),
                ("d6", "Its value was estimated at the time at about 900,000 euros."),
            ],
            [
                ("d7", "Experts will examine the canvas for damage before it goes back on display."),
                ("d8", "The museum said it hoped to show the portrait again by the end of the year."),
            ],
        ],
    )
    links = [("a1", "b1"), (["a4", "a5"], "b2"), ("a9", "b3"), ("a6", "b5"), ("a3", "b6"), ("a11", "b9")]
    gold = {
        "about": "Two independent write-ups (a: 14 sentences, b: 12) of the same fictional press conference "
        "(Kaldoria offshore wind farm). They share 6 statements (7 a-sentences, one 2:1 link), including "
        "the same two quotes, in a different order; everything else is each writer's own material, listed "
        "as omitted/inserted. c.txt: same minister, same topic and organisations, but a different event a "
        "week later (fishermen's fund) with different numbers: must NOT be grouped with a/b. d.txt: "
        "unrelated story (recovered painting). No planted divergences.",
        "story_groups": [["a.txt", "b.txt"], ["c.txt"], ["d.txt"]],
        "alignments": [
            alignment(
                a,
                b,
                "same-story",
                links,
                omitted=["a2", "a7", "a8", "a10", "a12", "a13", "a14"],
                inserted=["b4", "b7", "b8", "b10", "b11", "b12"],
            )
        ],
        "planted": [],
    }
    write_corpus("same-story", [a, b, c, d], gold)


# ---------------------------------------------------------------- 5. spun
SPUN_A = [
    [
        (
            "p1",
            "Dock workers at the port of Lindqvist ended a nine-day strike on Wednesday after their union reached a pay agreement with the terminal operator Nordhavn Logistics.",
        ),
        (
            "p2",
            "The deal raises wages by 7.5 percent over two years \u2013 the largest increase in a decade \u2013 and adds a bonus for night shifts.",
        ),
    ],
    [
        (
            "p3",
            "Union leader Maria Solberg said members had approved the agreement by a large majority in a vote on Tuesday evening.",
        ),
        (
            "p4",
            '"This agreement shows that workers are stronger when they stand together," Solberg told reporters outside the union hall.',
        ),
    ],
    [
        (
            "p5",
            "Nordhavn Logistics chief executive Henrik Lundgren said the company was relieved that operations could return to normal.",
        ),
        ("p6", '"We have paid a high price for this dispute, but we are glad it is over," Lundgren said.'),
    ],
    [
        ("p7", "The strike had left more than 40 container ships waiting at anchor outside the harbour."),
        (
            "p8",
            "Retailers warned that shortages of some imported goods could last into next month, just as the holiday season begins.",
        ),
    ],
    [
        (
            "p9",
            "During the dispute, the union accused the company of hiring temporary workers to replace strikers.",
        ),
        (
            "p10",
            "The company denied the accusation and said it had only used office staff to keep essential services running.",
        ),
    ],
    [
        (
            "p11",
            "Mediator Jan Eriksen had brought both sides back to the table before the government threatened to intervene.",
        ),
        (
            "p12",
            "Transport Minister Olga Berg did not rule out new legislation to limit strikes at critical infrastructure.",
        ),
    ],
    [
        (
            "p13",
            "The port handles about a quarter of the country's container traffic - more than any other harbour.",
        ),
        ("p14", "Operations are expected to reach full capacity by the weekend."),
    ],
]

# typography-only changes for c.txt, per sentence id: list of (old, new)
SPUN_C_TYPO = {
    "p2": [("7.5 percent", "7.5" + NBSP + "percent"), (" \u2013 ", " - ")],
    "p4": [('"This', "\u201cThis"), ('together,"', "together,\u201d")],
    "p6": [('"We', "\u201cWe"), ('over,"', "over,\u201d")],
    "p7": [("40 container", "40" + NBSP + "container")],
    "p8": [("next month", "next" + NBSP + "month")],
    "p12": [("Olga Berg", "Olga" + NBSP + "Berg")],
    "p13": [("country's", "country\u2019s"), (" - ", " \u2013 ")],
    "p14": [("full capacity", "full  capacity")],
}


def spun():
    a = Doc("a.txt", SPUN_A)
    b = Doc(
        "b.txt",
        [
            [
                (
                    "q1",
                    "Dock employees at the harbour of Lindqvist finished a nine-day strike on Wednesday after their union reached a wage agreement with terminal operator Nordhavn Logistics.",
                ),
                (
                    "q2",
                    "The deal raises wages by 5.7 percent over two years \u2013 the biggest rise in a decade \u2013 and adds a bonus for night shifts.",
                ),
            ],
            [
                (
                    "q3",
                    "Union boss Mariasolberg said members had backed the agreement by a wide majority in a ballot on Tuesday evening.",
                ),
                (
                    "q4",
                    '"This agreement proves that workers are stronger when they stand united," Solberg told journalists outside the union hall.',
                ),
            ],
            [
                (
                    "q5",
                    "Nordhavn Logistics chief executive Henrik Lundgran said the company was relieved that operations could go back to normal.",
                ),
                (
                    "q6",
                    '"We have paid a high price for this dispute, and we are not sure it is over," Lundgren said.',
                ),
            ],
            [
                (
                    "q7",
                    "The strike had left more than 40 container vessels waiting at anchor outside the port.",
                ),
                (
                    "q8a",
                    "Retailers cautioned that shortages of some imported goods could last into next month.",
                ),
                ("q8b", "Beginning of the season of holidays."),
            ],
            [
                (
                    "q9",
                    "During the dispute, the company accused the union of hiring temporary workers to replace strikers.",
                ),
                (
                    "q10",
                    "The company rejected the accusation and said it had only used office staff to keep essential services running.",
                ),
            ],
            [
                (
                    "q11",
                    "Mediator Jan Eriksen had brought both sides back to the table after the government threatened to intervene.",
                ),
                (
                    "q12",
                    "Transport Minister Olga Berg ruled out new legislation to limit strikes at critical infrastructure.",
                ),
            ],
            [
                (
                    "q13",
                    "The port handles About a quarter of The country's container traffic, more than any other harbour.",
                ),
                ("q14", "Operations are expected to return to full capacity by the weekend."),
            ],
        ],
    )
    cparas = []
    for p in SPUN_A:
        np_ = []
        for sid, t in p:
            for old, new in SPUN_C_TYPO.get(sid, []):
                assert old in t, (sid, old)
                t = t.replace(old, new)
            np_.append((sid, t))
        cparas.append(np_)
    # double spaces between sentences in paragraphs 1, 4 and 6 (0-based 0, 3, 5)
    c = Doc("c.txt", cparas, seps={0: "  ", 3: "  ", 5: "  "})

    links_b = [("p%d" % i, "q%d" % i) for i in range(1, 15) if i != 8]
    links_b.insert(7, ("p8", ["q8a", "q8b"]))
    links_c = [("p%d" % i, "p%d" % i) for i in range(1, 15)]
    A, B = "a.txt", "b.txt"
    P = [
        planted(B, "5.7 percent", "number", "error", A, "7.5 percent"),
        planted(B, "Mariasolberg", "garble", "warning", A, "Maria Solberg"),
        planted(
            B,
            "This agreement proves that workers are stronger when they stand united",
            "quote",
            "warning",
            A,
            "This agreement shows that workers are stronger when they stand together",
        ),
        planted(B, "Henrik Lundgran", "entity", "error", A, "Henrik Lundgren"),
        planted(B, "and we are not sure it is over", "quote", "error", A, "but we are glad it is over"),
        planted(
            B,
            "Beginning of the season of holidays.",
            "garble",
            "warning",
            A,
            "just as the holiday season begins",
        ),
        planted(B, "the company accused the union", "meaning", "error", A, "the union accused the company"),
        planted(
            B,
            "after the government threatened to intervene",
            "meaning",
            "error",
            A,
            "before the government threatened to intervene",
        ),
        planted(
            B,
            "Olga Berg ruled out new legislation",
            "negation",
            "error",
            A,
            "Olga Berg did not rule out new legislation",
        ),
        planted(
            B,
            "The port handles About a quarter of The country's",
            "garble",
            "warning",
            A,
            "The port handles about a quarter of the country's",
        ),
    ]
    gold = {
        "about": "Port-strike story (14 sentences). b.txt is a machine round-trip 'spun' rendering with synonym "
        "noise and 10 planted changes: number 7.5->5.7, one-letter name change (Lundgren->Lundgran), fused "
        "name (Mariasolberg), negation flip (did not rule out -> ruled out), quote reworded with same "
        "meaning (warning), quote with changed meaning (error), literal-mistranslation fragment appended "
        "as its own sentence (1:2 link), broken mid-sentence capitalisation, before->after, roles swapped "
        "(union/company). c.txt is a.txt with typography changes only (curly quotes and apostrophe, "
        "U+00A0 no-break spaces inside sentences, double spaces between sentences and inside one sentence, "
        "en dash <-> spaced hyphen): it must produce NO finding.",
        "story_groups": [["a.txt", "b.txt", "c.txt"]],
        "alignments": [alignment(a, b, "rendering", links_b), alignment(a, c, "rendering", links_c)],
        "planted": P,
    }
    write_corpus("spun", [a, b, c], gold)


# ---------------------------------------------------------------- 6. translations
def translation_es():
    es = Doc(
        "es.txt",
        [
            [
                (
                    "e1",
                    "El Gobierno de Valdora declaró el martes el estado de emergencia hídrica en tres provincias del norte, tras dieciocho meses de lluvias muy por debajo de lo normal.",
                ),
                (
                    "e2",
                    "La medida afecta a unos 2,3 millones de habitantes y permite restringir el riego agrícola durante al menos cuatro meses.",
                ),
            ],
            [
                (
                    "e3",
                    "La ministra de Medio Ambiente, Lucía Ferreyra, explicó que los embalses de la región se encuentran al 21 por ciento de su capacidad.",
                ),
                (
                    "e4",
                    "«No podemos seguir gastando agua como si la sequía fuera a terminar mañana», dijo Ferreyra en una rueda de prensa en la capital.",
                ),
            ],
            [
                (
                    "e5",
                    "Los agricultores deberán reducir el consumo de agua en un 40 por ciento a partir del 1 de julio.",
                ),
                (
                    "e6",
                    "El Gobierno destinará 180 millones de pesos a compensar las pérdidas de las cooperativas más afectadas.",
                ),
            ],
            [
                (
                    "e7",
                    "La Federación Agraria del Norte calificó las restricciones de injustas y convocó una protesta para el próximo viernes.",
                ),
                (
                    "e8",
                    "Su presidente, Andrés Molina, advirtió de que muchas explotaciones pequeñas no sobrevivirán a otra temporada sin riego.",
                ),
            ],
            [
                (
                    "e9",
                    "En las ciudades, los ayuntamientos podrán prohibir el llenado de piscinas y el lavado de coches con manguera.",
                ),
                ("e10", "El suministro a los hogares no se verá afectado por ahora, según el ministerio."),
            ],
            [
                (
                    "e11",
                    "Los meteorólogos prevén que las lluvias no vuelvan a la normalidad antes del otoño.",
                ),
                (
                    "e12",
                    "El Parlamento debatirá la próxima semana un plan para construir dos plantas desalinizadoras en la costa.",
                ),
            ],
        ],
    )
    fa = Doc(
        "en-faithful.txt",
        [
            [
                (
                    "f1",
                    "The government of Valdora declared a water emergency in three northern provinces on Tuesday, after eighteen months of rainfall well below normal.",
                ),
                (
                    "f2",
                    "The measure affects about 2.3 million people and allows authorities to restrict agricultural irrigation for at least four months.",
                ),
            ],
            [
                (
                    "f3",
                    "Environment Minister Lucía Ferreyra said the region's reservoirs were at 21 percent of capacity.",
                ),
                (
                    "f4",
                    '"We cannot keep using water as if the drought were going to end tomorrow," Ferreyra told a news conference in the capital.',
                ),
            ],
            [
                ("f5", "Farmers will have to cut their water use by 40 percent from July 1."),
                (
                    "f6",
                    "The government will set aside 180 million pesos to compensate the hardest-hit cooperatives for their losses.",
                ),
            ],
            [
                ("f7a", "The Northern Farmers' Federation called the restrictions unfair."),
                ("f7b", "It has called a protest for next Friday."),
                (
                    "f8",
                    "Its president, Andrés Molina, warned that many small farms would not survive another season without irrigation.",
                ),
            ],
            [
                (
                    "f9",
                    "In cities, local councils will be able to ban filling swimming pools and washing cars with hoses.",
                ),
                ("f10", "Household supplies will not be affected for now, according to the ministry."),
            ],
            [
                ("f11", "Forecasters expect rainfall not to return to normal before the autumn."),
                (
                    "f12",
                    "Next week parliament will debate a plan to build two desalination plants on the coast.",
                ),
            ],
        ],
    )
    dr = Doc(
        "en-drifted.txt",
        [
            [
                (
                    "d1",
                    "Valdora's government declared a water emergency in three northern provinces on Tuesday, following eighteen months of below-normal rainfall.",
                ),
                (
                    "d2",
                    "The measure affects around 2.3 million people and allows the authorities to restrict farm irrigation for at least four months.",
                ),
            ],
            [
                (
                    "d3",
                    "Environment Minister Lucía Ferreyra said reservoirs in the region were at 21 percent of capacity.",
                ),
                (
                    "d4",
                    '"We cannot keep wasting water while farmers pay the price," Ferreyra told a press conference in the capital.',
                ),
            ],
            [
                ("d5", "Farmers must reduce their water consumption by 30 percent from July 1."),
                (
                    "d6",
                    "The government will allocate 180 million pesos to compensate the worst-affected cooperatives.",
                ),
            ],
            [
                (
                    "d7",
                    "The Northern Farmers' Federation described the restrictions as unfair and called a protest for next Friday.",
                ),
                (
                    "d8",
                    "Its president, Andrés Medina, warned that many small farms would not survive another season without irrigation.",
                ),
            ],
            [
                (
                    "d9",
                    "In cities, councils will be able to ban the filling of swimming pools and the washing of cars with hoses.",
                )
            ],
            [
                ("d11", "Meteorologists do not expect rainfall to return to normal before autumn."),
                (
                    "d12",
                    "Parliament will debate a plan next week to build two desalination plants on the coast.",
                ),
            ],
        ],
    )
    lf = [("e%d" % i, "f%d" % i) for i in range(1, 13) if i != 7]
    lf.insert(6, ("e7", ["f7a", "f7b"]))
    ld = [("e%d" % i, "d%d" % i) for i in range(1, 13) if i != 10]
    D, S = "en-drifted.txt", "es.txt"
    P = [
        planted(
            D,
            "We cannot keep wasting water while farmers pay the price",
            "quote",
            "error",
            S,
            "No podemos seguir gastando agua como si la sequía fuera a terminar mañana",
        ),
        planted(D, "30 percent", "number", "error", S, "40 por ciento"),
        planted(D, "Andrés Medina", "entity", "error", S, "Andrés Molina"),
        planted(D, None, "omission", "warning", S, es.sent["e10"]),
    ]
    gold = {
        "about": "Spanish original (drought emergency, 12 sentences). en-faithful.txt: faithful English translation "
        "(one sentence split 1:2), must produce NO finding. en-drifted.txt: another English translation "
        "with 4 planted changes: quote with changed meaning, number 40->30 percent, name Molina->Medina, "
        "omitted sentence (household supplies).",
        "story_groups": [["es.txt", "en-faithful.txt", "en-drifted.txt"]],
        "alignments": [
            alignment(es, fa, "rendering", lf),
            alignment(es, dr, "rendering", ld, omitted=["e10"]),
        ],
        "planted": P,
    }
    write_corpus("translation", [es, fa, dr], gold)


def translation_de():
    de = Doc(
        "de.txt",
        [
            [
                (
                    "g1",
                    "Der Maschinenbauer Heldrich will bis Ende 2026 rund 1.200 Stellen in Deutschland abbauen.",
                ),
                (
                    "g2",
                    "Das teilte das Unternehmen mit Sitz in Ahrsfeld am Mittwoch nach einer Sitzung des Aufsichtsrats mit.",
                ),
            ],
            [
                (
                    "g3",
                    "Als Grund nannte Vorstandschef Markus Albrecht die schwache Nachfrage aus China und die hohen Energiekosten.",
                ),
                (
                    "g4",
                    "„Wir haben lange gezögert, aber wir können die Verluste nicht länger aus den Reserven decken“, sagte Albrecht.",
                ),
            ],
            [
                (
                    "g5",
                    "Betroffen ist vor allem das Werk in Lindenau, wo die Produktion von Getriebeteilen nach Polen verlagert werden soll.",
                ),
                ("g6", "Betriebsbedingte Kündigungen schließt das Unternehmen nicht aus."),
                (
                    "g7",
                    "Die Gewerkschaft Metall kündigte Widerstand an und forderte Verhandlungen über einen Sozialplan.",
                ),
            ],
            [
                (
                    "g8",
                    "Heldrich hatte im vergangenen Jahr bei einem Umsatz von 2,8 Milliarden Euro einen Verlust von 140 Millionen Euro gemacht.",
                ),
                ("g9", "Die Aktie des Unternehmens fiel nach der Ankündigung um fast sechs Prozent."),
            ],
            [
                ("g10", "Erst im Frühjahr hatte Heldrich eine neue Fabrik in Ungarn eröffnet."),
                (
                    "g11",
                    "Der Betriebsrat will sich am Freitag mit der Geschäftsführung treffen, bevor die Beschäftigten in einer Versammlung informiert werden.",
                ),
                ("g12", "Die Landesregierung bot an, zwischen den Parteien zu vermitteln."),
            ],
        ],
    )
    fa = Doc(
        "en-faithful.txt",
        [
            [
                (
                    "h12",
                    "The engineering group Heldrich, based in Ahrsfeld, said on Wednesday after a supervisory board meeting that it plans to cut around 1,200 jobs in Germany by the end of 2026.",
                )
            ],
            [
                (
                    "h3",
                    "Chief executive Markus Albrecht cited weak demand from China and high energy costs as the reasons.",
                ),
                (
                    "h4",
                    '"We hesitated for a long time, but we can no longer cover the losses from our reserves," Albrecht said.',
                ),
            ],
            [
                (
                    "h5",
                    "The plant in Lindenau is hardest hit, with production of gearbox parts to be moved to Poland.",
                ),
                ("h6", "The company does not rule out compulsory redundancies."),
                ("h7", "The Metal union vowed to resist and demanded negotiations on a social plan."),
            ],
            [
                (
                    "h8",
                    "Last year Heldrich posted a loss of 140 million euros on sales of 2.8 billion euros.",
                ),
                ("h9", "The company's shares fell almost six percent after the announcement."),
            ],
            [
                ("h10", "Only this spring, Heldrich opened a new factory in Hungary."),
                (
                    "h11",
                    "The works council plans to meet management on Friday, before employees are informed at a staff meeting.",
                ),
                ("h12b", "The state government offered to mediate between the parties."),
            ],
        ],
    )
    dr = Doc(
        "en-drifted.txt",
        [
            [
                (
                    "x1",
                    "Engineering firm Heldrich intends to cut around 1,200 jobs in Germany by the end of 2026.",
                ),
                (
                    "x2",
                    "The Ahrsfeld-based company announced the plan on Wednesday following a supervisory board meeting.",
                ),
            ],
            [
                (
                    "x3",
                    "Chief executive Markus Albrecht blamed weak demand from China and high energy costs.",
                ),
                (
                    "x4",
                    '"We waited a long time, but the losses can no longer be covered from our reserves," Albrecht said.',
                ),
            ],
            [
                (
                    "x5",
                    "The Lindenau plant will be hit hardest, as gearbox parts production is to be relocated to Poland.",
                ),
                ("x6", "The company has ruled out compulsory redundancies."),
                ("x7", "The Metal union announced it would resist and called for talks on a social plan."),
            ],
            [
                (
                    "x8",
                    "Last year Heldrich made a loss of 140 billion euros on revenue of 2.8 billion euros.",
                ),
                ("x9", "The shares fell nearly six percent after the announcement."),
                ("xi", "Analysts had expected the cuts to be even deeper."),
            ],
            [
                ("x10", "Heldrich opened a new factory in Hungary only this spring."),
                (
                    "x11",
                    "The works council wants to meet management on Friday, after employees have been informed at a staff meeting.",
                ),
                ("x12", "The state government offered to mediate between the two sides."),
            ],
        ],
    )
    lf = [(["g1", "g2"], "h12")] + [("g%d" % i, "h%d" % i) for i in range(3, 12)] + [("g12", "h12b")]
    ld = [("g%d" % i, "x%d" % i) for i in range(1, 13)]
    D, S = "en-drifted.txt", "de.txt"
    P = [
        planted(
            D,
            "We waited a long time, but the losses can no longer be covered from our reserves",
            "quote",
            "warning",
            S,
            "Wir haben lange gezögert, aber wir können die Verluste nicht länger aus den Reserven decken",
        ),
        planted(
            D,
            "has ruled out compulsory redundancies",
            "negation",
            "error",
            S,
            "schließt das Unternehmen nicht aus",
        ),
        planted(D, "140 billion euros", "number", "error", S, "140 Millionen Euro"),
        planted(D, "Analysts had expected the cuts to be even deeper.", "insertion", "warning", S, None),
        planted(
            D,
            "after employees have been informed",
            "meaning",
            "error",
            S,
            "bevor die Beschäftigten in einer Versammlung informiert werden",
        ),
    ]
    gold = {
        "about": "German original (job cuts at an engineering group, 12 sentences; note the thousands separator in "
        "'1.200', not a sentence boundary). en-faithful.txt: faithful translation that merges the first two "
        "sentences (2:1), must produce NO finding. en-drifted.txt: 5 planted changes: quote reworded with "
        "the same meaning (warning), negation flip (does not rule out -> has ruled out), scale error "
        "(Millionen -> billion), inserted sentence, temporal flip (bevor -> after).",
        "story_groups": [["de.txt", "en-faithful.txt", "en-drifted.txt"]],
        "alignments": [
            alignment(de, fa, "rendering", lf),
            alignment(de, dr, "rendering", ld, inserted=["xi"]),
        ],
        "planted": P,
    }
    write_corpus("translation-de", [de, fa, dr], gold)


def translation_fr():
    G = lambda s: s.replace("« ", "«" + NBSP).replace(" »", NBSP + "»")  # French typography
    fr = Doc(
        "fr.txt",
        [
            [
                (
                    "r1",
                    "Le conseil métropolitain de Corlanne a approuvé jeudi la construction d'une deuxième ligne de tramway, longue de 14 kilomètres.",
                ),
                (
                    "r2",
                    "La ligne reliera le quartier de la Verrerie à l'aéroport en passant par la gare centrale.",
                ),
            ],
            [
                (
                    "r3",
                    "Le projet pourrait coûter 610 millions d'euros, dont un tiers serait financé par l'État.",
                ),
                (
                    "r4",
                    G(
                        "« Ce tramway changera la vie de dizaines de milliers d'habitants qui n'ont aujourd'hui que leur voiture », a déclaré la maire, Claire Dumoulin."
                    ),
                ),
            ],
            [
                (
                    "r5",
                    "Les travaux doivent commencer au printemps prochain et la mise en service est prévue pour septembre 2029.",
                ),
                (
                    "r6",
                    "La ville prévoit 26 stations et un passage toutes les six minutes aux heures de pointe.",
                ),
                (
                    "r7",
                    "Le trajet sera gratuit pour les moins de 18 ans, comme c'est déjà le cas sur la première ligne.",
                ),
            ],
            [
                ("r8", "L'opposition a voté contre le projet, qu'elle juge trop coûteux."),
                (
                    "r9",
                    G(
                        "« On nous présente un chantier pharaonique alors que les bus de banlieue tombent en panne chaque semaine », a dénoncé le conseiller d'opposition Julien Marchetti."
                    ),
                ),
            ],
            [
                (
                    "r10",
                    "Des commerçants du centre-ville craignent une baisse de leur chiffre d'affaires pendant les trois années de travaux.",
                ),
                (
                    "r11",
                    "La métropole a promis un fonds d'indemnisation de 5 millions d'euros pour les commerces touchés.",
                ),
                ("r12", "Une enquête publique sera ouverte en janvier."),
            ],
        ],
    )
    fa = Doc(
        "en-faithful.txt",
        [
            [
                (
                    "t1",
                    "On Thursday, the Corlanne metropolitan council approved the construction of a second tram line, 14 kilometres long.",
                ),
                ("t2", "The line will link the Verrerie district to the airport via the central station."),
            ],
            [
                (
                    "t3",
                    "The project could cost 610 million euros, a third of which would be funded by the state.",
                ),
                (
                    "t4",
                    '"This tram will change the lives of tens of thousands of residents who today have only their cars," said the mayor, Claire Dumoulin.',
                ),
            ],
            [
                ("t5a", "Work is due to begin next spring."),
                ("t5b", "The line is scheduled to open in September 2029."),
                ("t6", "The city plans 26 stops, with a tram every six minutes at peak times."),
                ("t7", "Travel will be free for under-18s, as is already the case on the first line."),
            ],
            [
                ("t8", "The opposition voted against the project, which it considers too expensive."),
                (
                    "t9",
                    '"We are being presented with a pharaonic building project while the suburban buses break down every week," opposition councillor Julien Marchetti complained.',
                ),
            ],
            [
                (
                    "t10",
                    "Some city-centre shopkeepers fear a drop in turnover during the three years of construction.",
                ),
                (
                    "t11",
                    "The metropolitan authority has promised a compensation fund of 5 million euros for affected businesses.",
                ),
                ("t12", "A public inquiry will open in January."),
            ],
        ],
    )
    dr = Doc(
        "en-drifted.txt",
        [
            [
                (
                    "y1",
                    "The Corlanne metropolitan council on Thursday approved building a second tramway line, 14 kilometres in length.",
                ),
                (
                    "y2",
                    "It will connect the Verrerie district with the airport, passing through the central station.",
                ),
            ],
            [
                (
                    "y3",
                    "The project will cost 610 million euros, a third of which will be paid by the state.",
                ),
                (
                    "y4",
                    '"This tram will change the lives of tens of thousands of people who today depend solely on their cars," said the council\'s transport chief, Paul Renaud.',
                ),
            ],
            [
                ("y5", "Construction should start next spring, with the line due to open in September 2027."),
                ("y6", "The city is planning 26 stations and a tram every six minutes at rush hour."),
                ("y7", "Rides will be free for those over 18, as they already are on the first line."),
            ],
            [
                ("y8", "The opposition voted against the project, saying it was too costly."),
                (
                    "y9",
                    '"We are being offered a pharaonic construction site while the suburban buses break down every week," said opposition councillor Julien Marchetti.',
                ),
            ],
            [
                ("y10", "Shopkeepers in the city centre fear a fall in turnover."),
                (
                    "y11",
                    "The metropolis has promised a 5 million euro compensation fund for businesses that are affected.",
                ),
                ("y12", "A public inquiry will open in January."),
            ],
        ],
    )
    lf = [("r%d" % i, "t%d" % i) for i in range(1, 13) if i != 5]
    lf.insert(4, ("r5", ["t5a", "t5b"]))
    ld = [("r%d" % i, "y%d" % i) for i in range(1, 13)]
    D, S = "en-drifted.txt", "fr.txt"
    P = [
        planted(
            D,
            "The project will cost 610 million euros, a third of which will be paid by the state",
            "meaning",
            "warning",
            S,
            "Le projet pourrait coûter 610 millions d'euros, dont un tiers serait financé par l'État",
        ),
        planted(
            D,
            "said the council's transport chief, Paul Renaud",
            "entity",
            "error",
            S,
            "a déclaré la maire, Claire Dumoulin",
        ),
        planted(D, "September 2027", "number", "error", S, "septembre 2029"),
        planted(D, "free for those over 18", "meaning", "error", S, "gratuit pour les moins de 18 ans"),
        planted(D, None, "omission", "warning", S, "pendant les trois années de travaux"),
    ]
    gold = {
        "about": "French original (second tram line, 12 sentences; French typography with U+00A0 inside « »). "
        "en-faithful.txt: faithful translation with one 1:2 split, must produce NO finding. "
        "en-drifted.txt: 5 planted changes: hedging dropped (pourrait/serait -> will, warning), quote "
        "attributed to an invented official instead of the mayor, opening year 2029->2027, 'under 18' -> "
        "'over 18', and a dropped clause (omission inside a 1:1 link; text null, counterpart = the clause).",
        "story_groups": [["fr.txt", "en-faithful.txt", "en-drifted.txt"]],
        "alignments": [alignment(fr, fa, "rendering", lf), alignment(fr, dr, "rendering", ld)],
        "planted": P,
    }
    write_corpus("translation-fr", [fr, fa, dr], gold)


# ---------------------------------------------------------------- 7. boilerplate
def boilerplate():
    F = lambda *lines: {"furniture": list(lines)}
    a = Doc(
        "a.txt",
        [
            F("Saturday 12 October 2024 \u00b7 18:40"),
            F("By staff"),
            F("Share on Facebook", "Share on X", "Copy link"),
            [
                (
                    "k1",
                    "The historic covered market in the town of Eskerby reopened on Saturday, two years after a fire destroyed most of its wooden roof.",
                ),
                (
                    "k2",
                    "Hundreds of residents queued outside the building before the doors opened at eight in the morning.",
                ),
            ],
            [
                (
                    "k3",
                    "The restoration cost 4.6 million euros and was paid for mainly by the regional government and a public fundraising campaign.",
                ),
                (
                    "k4",
                    "Carpenters used oak from local forests and traditional joinery to rebuild the roof as it looked in 1887.",
                ),
            ],
            [
                (
                    "k5",
                    '"People told us it could not be done the old way, and we proved them wrong," said Lena Sorvik, who led the building team.',
                )
            ],
            F("Read more: Council delays vote on new cycle lanes until spring"),
            [
                ("k6", "Of the 42 stalls that traded before the fire, 37 have returned."),
                (
                    "k7",
                    "Several new traders, including a cheese maker and two bakers, have also taken spaces.",
                ),
            ],
            [
                (
                    "k8",
                    "Mayor Oskar Lindahl said the market was the heart of the town and its reopening would bring visitors back to the old centre.",
                )
            ],
            [
                (
                    "k9",
                    "Fire investigators concluded last year that the blaze was caused by a faulty electrical heater in a storage room.",
                ),
                ("k10", "The market will be open six days a week, closing only on Mondays."),
            ],
            F("Follow us on Instagram", "Get our morning newsletter"),
            F("Join the conversation", "Your name", "Your e-mail (never published)", "Send"),
            F(
                "You might also like",
                "Harbour ferry fares to rise by ten percent next year",
                "The regional ferry operator said on Monday that rising fuel costs had left it with no choice but to...",
                "Eskerby school wins national robotics prize",
                "A team of pupils aged 13 to 15 beat more than 200 schools with a machine that sorts...",
                "Police appeal for witnesses after lorry crash on coast road",
                "Officers are asking anyone who drove along the coast road between six and seven in the...",
            ),
        ],
    )
    b = Doc(
        "b.txt",
        [
            F("NORTH COAST TODAY"),
            F("Updated 13.10.2024 \u2013 09:15"),
            F("Staff reporter"),
            F("Tweet | Share | Email this story"),
            [
                (
                    "l1",
                    "Eskerby's historic covered market reopened on Saturday, two years after fire destroyed most of its wooden roof.",
                ),
                ("l2", "Hundreds of residents lined up outside before the doors opened at 8am."),
            ],
            [
                (
                    "l3",
                    "The 4.6 million euro restoration was funded mainly by the regional government and a public fundraising campaign.",
                ),
                (
                    "l4",
                    "Carpenters rebuilt the roof as it looked in 1887, using oak from local forests and traditional joinery.",
                ),
                (
                    "l5",
                    '"People told us it could not be done the old way, and we proved them wrong," said Lena Sorvik, head of the building team.',
                ),
            ],
            [
                (
                    "l67",
                    "Thirty-seven of the 42 stalls that traded before the fire have returned, and several new traders, including a cheese maker and two bakers, have taken spaces.",
                )
            ],
            F("See also: Fishing quotas cut for second year in a row"),
            [
                (
                    "l8",
                    "Mayor Oskar Lindahl called the market the heart of the town and said its reopening would draw visitors back to the old centre.",
                ),
                (
                    "l9",
                    "Investigators found last year that the fire was caused by a faulty electric heater in a storage room.",
                ),
                ("l10", "The market will open six days a week and close on Mondays."),
            ],
            F("Follow North Coast Today on Facebook and Instagram"),
            F("Have your say", "Name (required)", "Email (required, will not be shown)", "Publish"),
            F(
                "More stories",
                "Students protest over rising rent in university halls",
                "Dozens of students gathered outside the town hall on Friday to demand a cap on...",
                "New bus route links villages to hospital",
                "From next month, a direct service will run three times a day between the inland...",
                "Record crowds at autumn food festival",
                "Organisers said more than 15,000 visitors attended over the two days, despite the...",
            ),
        ],
    )
    links = [
        ("k1", "l1"),
        ("k2", "l2"),
        ("k3", "l3"),
        ("k4", "l4"),
        ("k5", "l5"),
        (["k6", "k7"], "l67"),
        ("k8", "l8"),
        ("k9", "l9"),
        ("k10", "l10"),
    ]
    gold = {
        "about": "Market-reopening story as scraped from two different sites, each wrapped in page furniture "
        "(date line, byline, share/follow widgets, an unrelated 'Read more'/'See also' teaser between "
        "paragraphs, a comment form, a related-stories block with truncated excerpts). Wording of the "
        "furniture differs between the files. Article text: a 10 sentences, b 9 (one 2:1 merge), same "
        "meaning, no planted divergences. 'boilerplate' lists every furniture line (whole lines); furniture "
        "must not be aligned, grouped on, or flagged.",
        "story_groups": [["a.txt", "b.txt"]],
        "alignments": [alignment(a, b, "rendering", links)],
        "planted": [],
        "boilerplate": {"a.txt": a.furniture, "b.txt": b.furniture},
    }
    write_corpus("boilerplate", [a, b], gold)


if __name__ == "__main__":
    for fn in (
        split_merge,
        moved,
        insert_omit,
        same_story,
        spun,
        translation_es,
        translation_de,
        translation_fr,
        boilerplate,
    ):
        fn()
        print("built", fn.__name__)
