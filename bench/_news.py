"""A deterministic generator of English news articles, for benchmarks that need thousands of distinct ones.

A crawl is mostly unrelated articles on a handful of beats: their sentences share a topic, people's titles and
turns of phrase, but not statements. Each article here picks a topic, a cast (people, places, organisations,
the project or event it is about) and a sequence of sentence frames; every frame has alternatives inside it
(``[a|b|c]``) and slots filled from the cast or with fresh numbers (``{pct}``), so two articles on one topic
rarely say the same thing in the same words. Everything is drawn from a ``random.Random`` the caller seeds.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

FIRST_NAMES = [
    "Maria",
    "Henrik",
    "Olga",
    "Jan",
    "Sofia",
    "Daniel",
    "Amira",
    "Tomas",
    "Grace",
    "Peter",
    "Leila",
    "Marcus",
    "Hannah",
    "Ravi",
    "Elena",
    "Samuel",
    "Ingrid",
    "Victor",
    "Nadia",
    "Oliver",
    "Chloe",
    "Emeka",
    "Isabel",
    "Lukas",
    "Fatima",
    "Gareth",
    "Mei",
    "Andrew",
    "Priya",
    "Stefan",
    "Ruth",
    "Kwame",
    "Alice",
    "Mateo",
    "Joanna",
    "Felix",
    "Yusuf",
    "Clara",
    "Brendan",
    "Aisha",
    "Hugo",
    "Miriam",
    "Connor",
    "Lena",
    "Rafael",
    "Beatrice",
    "Tariq",
    "Nora",
    "Simon",
    "Keiko",
    "Patrick",
    "Zofia",
    "Edward",
    "Carmen",
    "Ibrahim",
    "Louise",
    "Nikolai",
    "Helen",
    "Diego",
    "Esther",
]
SURNAMES = [
    "Solberg",
    "Lundgren",
    "Berg",
    "Eriksen",
    "Okafor",
    "Hartmann",
    "Castillo",
    "Novak",
    "Whitaker",
    "Brennan",
    "Achterberg",
    "Moreau",
    "Lindqvist",
    "Haddad",
    "Kowalski",
    "Fischer",
    "Osei",
    "Delgado",
    "Markham",
    "Sato",
    "Petrova",
    "Gallagher",
    "Mensah",
    "Rossi",
    "Varga",
    "Holloway",
    "Nakamura",
    "Ferreira",
    "Quinn",
    "Abernathy",
    "Kaur",
    "Johansson",
    "Dubois",
    "Mwangi",
    "Thornton",
    "Costa",
    "Reyes",
    "Lambert",
    "Okonkwo",
    "Ashby",
    "Vasquez",
    "Strand",
    "Kim",
    "Pereira",
    "Doyle",
    "Hussain",
    "Keller",
    "Marsh",
    "Adeyemi",
    "Blackwood",
    "Schultz",
    "Romano",
    "Iversen",
    "Carver",
    "Banerjee",
    "Townsend",
    "Nilsson",
    "Farrow",
    "Ortega",
    "Wilde",
    "Sokolov",
    "Pryce",
    "Madsen",
    "Chandler",
    "Aziz",
    "Hale",
    "Brandt",
    "Lowell",
    "Tanaka",
    "Rourke",
]
PLACE_HEADS = [
    "North",
    "Ash",
    "Hol",
    "Mar",
    "Kings",
    "Bright",
    "Red",
    "Elm",
    "Stone",
    "Wes",
    "Ald",
    "Fair",
    "Clay",
    "Thorn",
    "Ox",
    "Bel",
    "Har",
    "Lyn",
    "Mill",
    "Ross",
]
PLACE_TAILS = [
    "ford",
    "bridge",
    "ton",
    "field",
    "wick",
    "mouth",
    "borough",
    "ham",
    "stead",
    "dale",
    "port",
    "ley",
    "bury",
    "worth",
    "haven",
    "minster",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
SEASONS = ("spring", "summer", "autumn", "winter")
SHARES = ("a third", "half", "two-thirds", "a quarter", "most", "nearly all", "about a fifth")


@dataclass(frozen=True)
class Topic:
    """A beat: who speaks on it, what its stories are about, and the frames only it uses."""

    name: str
    orgs: tuple[str, ...]  # may hold {place} and {surname}
    roles: tuple[str, ...]
    things: tuple[str, ...]  # the project, policy or event a story is about
    measures: tuple[str, ...]  # quantities that rise and fall
    groups: tuple[str, ...]  # who is affected
    titles: tuple[str, ...]
    frames: tuple[str, ...]


TOPICS = (
    Topic(
        "local government",
        ("{place} City Council", "{place} District Council", "the {place} Residents' Association"),
        ("council leader", "finance chief", "planning officer", "mayor", "opposition councillor"),
        ("the library redevelopment", "the new bypass", "the town centre regeneration plan", "the parking scheme"),
        ("council tax", "the housing waiting list", "spending on road repairs", "rents in council flats"),
        ("residents", "shop owners", "tenants", "parents of young children"),
        (
            "{place} council [backs|approves|delays] {thing} after [heated|lengthy|angry] debate",
            "Vote on {thing} [splits|divides] {place} councillors",
        ),
        (
            "Councillors voted {n_small} to {n_tiny} on {day} [in favour of|to approve|to postpone] {thing}.",
            "The [opposition|ruling] group [accused|criticised] {surname2} of [rushing|forcing] the decision "
            "[through|past] without [proper|adequate] consultation.",
            "A public [inquiry|hearing] into {thing} will [open|begin|start] in {month}, the council said.",
        ),
    ),
    Topic(
        "transport",
        ("{place} Transit", "the {place} Rail Partnership", "{surname} Coaches", "the Regional Transport Authority"),
        ("operations director", "transport minister", "union representative", "spokeswoman", "chief engineer"),
        ("the new tram line", "the station upgrade", "the night bus service", "the rail electrification project"),
        ("ticket prices", "passenger numbers", "delays on the main line", "the cost of a season ticket"),
        ("commuters", "passengers", "drivers", "cyclists"),
        (
            "{thing_cap} in {place} [delayed|postponed|put on hold] [again|until next year]",
            "Passengers face [higher fares|longer journeys|more disruption] as {org} [changes|cuts] services",
        ),
        (
            "Trains between {place} and {place2} [will run|are expected to run] every {n_small} minutes once the "
            "work is finished.",
            "Engineers [found|discovered|reported] {n_small} [cracked rails|faulty signals|damaged bridges] during "
            "[an inspection|a survey|routine checks] in {month}.",
            "The line [carried|handled|served] {count} passengers a day before the [closure|works|strike].",
        ),
    ),
    Topic(
        "health",
        ("{place} General Hospital", "the {place} Health Board", "the Royal College of Nurses", "{surname} Clinics"),
        ("chief executive", "medical director", "health minister", "senior nurse", "patient advocate"),
        ("the new maternity wing", "the vaccination drive", "the mental health service", "the cancer screening plan"),
        ("waiting times", "emergency admissions", "the number of vacant nursing posts", "spending on agency staff"),
        ("patients", "nurses", "elderly residents", "families"),
        (
            "{place} hospital [to open|opens|unveils] {thing}",
            "Waiting times at {org} [reach|hit] [a record|a new high|their worst level]",
        ),
        (
            "Patients in {place} waited an average of {n_small} hours in the emergency department last {season}.",
            "The [board|hospital] [hopes|plans|aims] to recruit {count} nurses [by|before] {month} {year}.",
            "[Doctors|Consultants|Health officials] [warned|cautioned] that {thing} would not [solve|fix|end] the "
            "shortage of [beds|staff|ambulances] [on its own|by itself].",
        ),
    ),
    Topic(
        "weather",
        ("the {place} Met Office", "the Environment Agency", "{place} Fire and Rescue", "the {place} Flood Forum"),
        ("forecaster", "fire chief", "emergency planning officer", "river warden", "farmer"),
        ("the flood defence scheme", "the storm warning", "the clean-up operation", "the new river barrier"),
        ("rainfall", "river levels", "the number of homes without power", "insurance claims"),
        ("homeowners", "farmers", "motorists", "holidaymakers"),
        (
            "Storm [batters|sweeps across|hits] {place} as {measure} [soar|rise sharply]",
            "[Heavy rain|Floods|Gales] [cut off|isolate|strand] villages near {place}",
        ),
        (
            "[More than|Nearly|Around] {count} homes [lost power|were flooded|were evacuated] overnight, {org} said.",
            "{pct} millimetres of rain fell in {n_small} hours, [more than|almost] the [usual|average] total for "
            "{month}.",
            "[Roads|Schools|Bridges] in {place2} [will remain|are expected to remain] closed until {day}.",
        ),
    ),
    Topic(
        "courts",
        ("{place} Crown Court", "the {place} Police", "the Court of Appeal", "{surname} and Partners"),
        ("judge", "detective inspector", "defence lawyer", "prosecutor", "victim support officer"),
        ("the fraud trial", "the appeal", "the inquiry into the fire", "the corruption case"),
        ("reported burglaries", "the court backlog", "the number of cases awaiting trial", "legal aid spending"),
        ("victims", "witnesses", "jurors", "local businesses"),
        (
            "[Former|Ex-] {role2} [jailed|cleared|convicted] in {place} [fraud|bribery|theft] case",
            "Judge [rejects|dismisses|throws out] appeal in {thing}",
        ),
        (
            "The jury [deliberated|retired] for {n_small} hours before [returning|reaching] [its|a] verdict.",
            "{surname2} was [ordered|told] to [repay|pay back] {money} [within|in] {n_small} months.",
            "Prosecutors said the [scheme|fraud|operation] had run for {n_small} years [before|until] it was "
            "[uncovered|discovered] by [an auditor|a whistleblower|a bank].",
        ),
    ),
    Topic(
        "education",
        ("{place} Academy", "the {place} School Board", "the University of {place}", "the Teachers' Union"),
        ("head teacher", "education secretary", "vice-chancellor", "union leader", "governor"),
        ("the new science block", "the free school meals plan", "the tuition fee rise", "the school merger"),
        ("pupil numbers", "exam pass rates", "class sizes", "teacher vacancies"),
        ("pupils", "students", "teachers", "parents"),
        (
            "{place} school [plans|proposes|announces] {thing}",
            "[Parents|Teachers|Students] [protest|rally|campaign] against {thing}",
        ),
        (
            "The school has [taught|enrolled|admitted] {count} pupils since it [opened|moved] in {year}.",
            "{pct} percent of [students|pupils] [passed|achieved] [at least|a minimum of] {n_tiny} [subjects|exams] "
            "this year.",
            "[Governors|The board] will [consider|review|discuss] the [plans|proposals|figures] at a meeting on {day}.",
        ),
    ),
    Topic(
        "energy",
        ("{surname} Energy", "the {place} Power Cooperative", "the National Grid", "{place} Wind Partners"),
        ("energy minister", "chief operating officer", "site manager", "campaigner", "analyst"),
        ("the offshore wind farm", "the solar park", "the gas plant closure", "the heat pump subsidy"),
        ("household bills", "electricity prices", "carbon emissions", "demand for gas"),
        ("households", "small businesses", "pensioners", "landowners"),
        (
            "{org} [wins|secures|loses] approval for {thing}",
            "[Bills|Prices] [set to rise|to fall|to stay flat] as {thing} [stalls|comes online]",
        ),
        (
            "The [turbines|panels|plant] [will|should] [generate|produce|supply] enough power for {count} homes.",
            "[Construction|Work|Building] [is due to|will] [start|begin] in {month} and [take|last] {n_tiny} years.",
            "Wholesale prices [fell|rose|dropped] {pct} percent in the week to {day}, [traders|analysts] said.",
        ),
    ),
    Topic(
        "business",
        ("{surname} Holdings", "{place} Foods", "{surname} and Sons", "the {place} Chamber of Commerce"),
        ("chief executive", "finance director", "founder", "chairwoman", "market analyst"),
        ("the takeover bid", "the factory expansion", "the store closures", "the merger"),
        ("quarterly profits", "sales", "the share price", "the workforce"),
        ("shareholders", "staff", "suppliers", "customers"),
        (
            "{org} [profits|sales] [jump|slump|slip] as [demand|costs] [rise|fall]",
            "{org} [confirms|announces|abandons] {thing}",
        ),
        (
            "Shares in the [company|group|firm] [closed|ended the day|finished] {pct} percent [higher|lower] on {day}.",
            "The [deal|bid|offer] [values|valued] the [business|company|group] at {money}.",
            "[Revenue|Turnover] [for the year|in the first half] [reached|came to|stood at] {money}, [up|down] from "
            "{money2} a year earlier.",
        ),
    ),
    Topic(
        "labour",
        ("the {place} Dock Workers' Union", "{surname} Logistics", "the Nurses' Federation", "{place} Bus Drivers"),
        ("union leader", "general secretary", "chief executive", "mediator", "shop steward"),
        ("the pay deal", "the strike", "the overtime ban", "the pension reform"),
        ("wages", "inflation", "the number of days lost to strikes", "staff turnover"),
        ("workers", "members", "drivers", "cleaners"),
        (
            "[Workers|Staff|Drivers] at {org} [vote|walk out|strike] over {thing}",
            "{thing_cap} [ends|collapses|is suspended] after {n_small} days",
        ),
        (
            "Members [backed|rejected|approved] the [offer|deal|proposal] by {pct} percent on a turnout of "
            "{n_small} percent.",
            "The [offer|agreement|deal] [raises|would raise] pay by {pct} percent over {n_tiny} years.",
            "[Talks|Negotiations] [broke down|stalled|resumed] on {day} after {n_small} hours.",
        ),
    ),
    Topic(
        "science",
        ("the University of {place}", "the {place} Institute of Technology", "the {surname} Laboratory"),
        ("lead author", "professor", "research fellow", "director of the institute", "independent expert"),
        ("the drug trial", "the telescope project", "the study of river pollution", "the new battery design"),
        ("survival rates", "the number of participants", "research funding", "the error rate"),
        ("researchers", "volunteers", "patients", "engineers"),
        (
            "[Study|Research|Trial] [finds|suggests|shows] {thing} [could|may|might] [help|cut|change] {measure}",
            "{place} [scientists|researchers] [report|announce|publish] results of {thing}",
        ),
        (
            "The [study|trial|team] [followed|tracked|recruited] {count} volunteers over {n_small} months.",
            "The results [were published|appear|were reported] in [the journal|a paper in] [Nature|Science|The "
            "Lancet] on {day}.",
            "{surname2}, who was not involved in the [research|work|study], said the [findings|results] [needed|"
            "would need] to be [confirmed|replicated] in a larger [group|sample].",
        ),
    ),
    Topic(
        "sport",
        ("{place} United", "{place} Rovers", "the {place} Athletics Club", "the County Cricket Board"),
        ("manager", "captain", "club chairman", "head coach", "supporters' trust chair"),
        ("the stadium move", "the cup run", "the transfer ban", "the new training ground"),
        ("ticket sales", "attendances", "the wage bill", "season ticket prices"),
        ("fans", "players", "season ticket holders", "young players"),
        (
            "{org} [confirm|complete|rule out] {thing}",
            "{surname} [leaves|joins|stays at] {org} [after|despite] {thing}",
        ),
        (
            "[The side|The club|The team] [won|lost|drew] {n_tiny} of [its|their] last {n_small} matches.",
            "[A crowd of|More than|Almost] {count} [fans|supporters|spectators] [watched|attended] the [game|final|"
            "match] on {day}.",
            "[The striker|The midfielder|The defender] [scored|signed|played] {n_small} [goals|times|games] last "
            "season.",
        ),
    ),
    Topic(
        "environment",
        ("the {place} Wildlife Trust", "the {place} Water Company", "the Farmers' Union", "{surname} Forestry"),
        ("ecologist", "campaign director", "farmer", "environment minister", "water company spokesman"),
        ("the tree planting scheme", "the river clean-up", "the hedgerow grant", "the sewage investigation"),
        ("bird numbers", "sewage spills", "water use", "the area of woodland"),
        ("farmers", "anglers", "volunteers", "walkers"),
        (
            "[Sewage|Pollution|Drought] [spills|fears|warnings] [rise|grow] along the river near {place}",
            "{org} [launches|expands|scraps] {thing}",
        ),
        (
            "[Volunteers|Staff|Contractors] [planted|cleared|surveyed] {count} [trees|hectares|metres of bank] "
            "[last|this] {season}.",
            "[Sewage|Waste water] was [released|discharged|spilled] into the river {n_small} times in {month}.",
            "[Numbers of|Counts of] [otters|kingfishers|salmon] have [fallen|risen|recovered] by {pct} percent since "
            "{year}.",
        ),
    ),
)

# Frames any topic uses; the cast and the topic's words fill them.
GENERAL_FRAMES = (
    "{person}, {role} [at|of] {org}, [said|told reporters|confirmed] on {day} that {thing} would [go ahead|"
    "proceed|be completed] [by {month}|next {season}|before the end of {year}].",
    "{measure_cap} [rose|fell|increased|dropped] by {pct} percent [last year|in the year to {month}|over the past "
    "decade], according to [figures|data|a report] [published|released] by {org}.",
    "[About|Around|Some] {count} {group} [attended|joined|turned up for] [a meeting|a protest|a consultation "
    "event] in {place} on {day}.",
    '"[We have listened to|We understand the concerns of|This is good news for] {group} [across|in] {place}," '
    "{surname} said.",
    "{thing_cap} is expected to cost {money}, with {share} of it [paid for|covered|funded] by {org2}.",
    "[Critics|Opponents|Campaigners] say {thing} [will|would|could] [hurt|harm|leave behind] {group} in "
    "[poorer|rural|outlying] areas.",
    "{surname} [did not rule out|refused to rule out|hinted at] [further|more] [changes|cuts|delays] [later in "
    "the year|before {month}|if costs rise].",
    '"[It is|This is] [not the outcome we wanted|a difficult decision|the right thing to do]," said {person2}, '
    "{role2} [at|of] {org2}.",
    "{org} [has|had] [already|previously] [spent|set aside|invested] {money} on {thing}.",
    "The [decision|announcement|move] [follows|comes after] [months|weeks|a year] of [talks|pressure|"
    "uncertainty] [over|about] {measure}.",
    "[In a statement|In a letter to {group}|On its website], {org2} said it was [disappointed|pleased|"
    "surprised] by the [outcome|decision|response].",
    "{group_cap} in {place2} [have been|were] [told|warned|advised] to [expect|prepare for] [disruption|delays|"
    "changes] until {month}.",
    "[Last year|In {year}|Two years ago], {measure} in {place} [reached|stood at|hit] [a record|its highest "
    "level|its lowest level] [in {n_small} years|since records began].",
    "{surname2} said {share} of {group} [had|would have] [benefited from|lost out under|been affected by] the "
    "[change|plan|decision].",
    "[A spokesman|A spokeswoman|A representative] for {org} [declined to comment|did not respond to requests for "
    "comment|said it would not comment] [on the details|while talks continue|before {day}].",
    "[The|A] [review|report|survey] [of|into] {measure} is [due|expected|set] to be published in {month}.",
    "{person2} [called for|demanded|urged] [an independent review|a fresh vote|more funding] [after|following] "
    "{thing}.",
    "[Earlier this month|Last week|On {day}], {org2} [announced|confirmed|revealed] it would [create|cut|move] "
    "{count} jobs [in|to|from] {place2}.",
    "[Figures|Numbers|Data] from {org} show {count} {group} [used|relied on|applied for] [the service|the scheme|"
    "support] [last year|in {year}|since {month}].",
    "{surname} [has been|was] [in the post|in charge|at {org}] [since|from] {year}.",
    "[Asked|Pressed] [whether|if] {thing} [was|is] [affordable|worth it|on schedule], {surname} said: "
    '"[We are confident|We will see|Time will tell]."',
    "The [plans|figures|proposals] [have|had] been [criticised|welcomed|questioned] by {group} [across|in] {place2}.",
)
LEAD_FRAMES = (
    "{org} [has|have] [approved|announced|confirmed|rejected] {thing}, [ending|after] [months|a year|weeks] of "
    "[debate|uncertainty|delay] in {place}.",
    "{thing_cap} in {place} [will|is to] [go ahead|be scaled back|be delayed] after {org} [reached|failed to reach] "
    "[an agreement|a deal|a decision] on {day}.",
    "{group_cap} in {place} [face|could face] [higher costs|new rules|months of disruption] [under|because of] "
    "{thing}, {org} said on {day}.",
)
# A clause grammar for most body sentences: an actor does something to something, somewhere, for a reason.
# Every few words are drawn independently (noun phrases are built from a determiner, a modifier, a noun and
# a complement), so two articles on one beat seldom share a statement or a run of four words, as unrelated
# articles in a real crawl seldom do.
GRAMMAR: dict[str, tuple[str, ...]] = {
    "clause": (
        "{actor} {verb} {object} {adjunct}.",
        "{opener}, {actor} {verb} {object}.",
        "{opener}, {actor} {verb} {object} {adjunct}.",
        "{actor} {verb} {object}, {reason}.",
        "{opener}, {actor} {verb} {object}, {reason}.",
        "{actor} {verb} {object} {adjunct}, {reason}.",
        "{actor} {verb} {object} and {verb} {object}.",
    ),
    "actor": (
        "{person}",
        "{surname}",
        "{surname2}",
        "{org}",
        "{org2}",
        "the {role} of {org}",
        "{person2}, the {role2},",
        "{det_the} {modifier} {body}",
        "{det_the} {modifier} {body} in {place2}",
        "{det_the} {body} for {group}",
        "{n_tiny} {people_noun} from {place}",
        "{group} in {place}",
    ),
    "det_the": ("the", "the", "a"),
    "body": (
        "committee",
        "regulator",
        "watchdog",
        "ombudsman",
        "inspectorate",
        "audit office",
        "trade body",
        "business group",
        "charity",
        "taskforce",
        "review panel",
        "pressure group",
        "residents' group",
        "think tank",
        "law firm",
        "council cabinet",
        "select committee",
        "civil service union",
    ),
    "people_noun": (
        "former ministers",
        "councillors",
        "senior officials",
        "backbenchers",
        "economists",
        "campaigners",
        "auditors",
        "consultants",
        "local traders",
        "retired judges",
    ),
    "modifier": (
        "independent",
        "cross-party",
        "regional",
        "national",
        "newly formed",
        "influential",
        "local",
        "government-funded",
        "volunteer-run",
        "long-standing",
        "small",
        "powerful",
        "county",
        "parliamentary",
    ),
    "verb": (
        "{adverb} criticised",
        "approved",
        "{adverb} postponed",
        "backed",
        "questioned",
        "called for [a review|a rethink|a pause|an overhaul] of",
        "set aside {money} for",
        "[launched|opened|began] [an inquiry|an investigation] into",
        "published [a report|a study|an analysis|figures] on",
        "raised [concerns|questions|doubts] about",
        "defended",
        "[threatened|warned of|began] legal action over",
        "asked for [more|extra] time to [study|examine|assess]",
        "signed off",
        "wrote to [the minister|MPs|the council|the prime minister] about",
        "[withdrew|pulled] its support for",
        "promised [a decision|a ruling|an answer] on",
        "ordered [an audit|a review|a check] of",
        "held [emergency|private|urgent] talks on",
        "{adverb} dropped",
        "pressed [ahead|on] with",
        "sought [assurances|guarantees] over",
        "refused to [publish|reveal|disclose] the [costs|terms|details] of",
        "{adverb} rejected",
        "welcomed",
        "challenged",
        "scaled back",
        "[put on hold|paused|froze]",
        "agreed to [fund|part-fund|pay for]",
        "demanded [changes|amendments|cuts] to",
        "voted against",
        "opened [talks|discussions] on",
    ),
    "adverb": (
        "quietly",
        "sharply",
        "publicly",
        "strongly",
        "formally",
        "unexpectedly",
        "narrowly",
        "repeatedly",
        "finally",
        "once again",
    ),
    "object": (
        "{thing}",
        "{det_obj} {quality} {item}",
        "{det_obj} {quality} {item} {complement}",
        "{det_obj} {item} {complement}",
        "{det_obj} {quality} {item} for {measure}",
    ),
    "det_obj": ("the", "the", "a", "its", "their", "this year's", "next year's"),
    "quality": (
        "proposed",
        "revised",
        "controversial",
        "long-awaited",
        "delayed",
        "new",
        "planned",
        "disputed",
        "emergency",
        "temporary",
        "five-year",
        "ten-year",
        "draft",
        "leaked",
        "interim",
        "costly",
        "unpopular",
        "overdue",
        "flagship",
        "scaled-down",
        "{money}",
        "cross-border",
        "second",
        "final",
    ),
    "item": (
        "budget",
        "contract",
        "review",
        "plan",
        "scheme",
        "inquiry",
        "deal",
        "timetable",
        "consultation",
        "audit",
        "strategy",
        "report",
        "licence",
        "tender",
        "partnership",
        "merger",
        "subsidy",
        "grant",
        "levy",
        "rent cap",
        "pay offer",
        "business case",
        "land sale",
        "pilot",
        "bylaw",
        "code of conduct",
        "spending plan",
        "rescue package",
        "price freeze",
        "hiring freeze",
    ),
    "complement": (
        "for {group}",
        "in {place2}",
        "with {org2}",
        "covering {place}",
        "announced in {month}",
        "agreed in {year}",
        "worth {money}",
        "for {n_small} schools",
        "for the {place2} area",
        "drawn up by {org2}",
        "backed by {surname2}",
        "due in {month}",
        "linked to {thing}",
        "affecting {count} {group}",
        "for {n_small} sites",
    ),
    "adjunct": (
        "on {day}",
        "last {season}",
        "in {month}",
        "in {month} {year}",
        "after a {n_small}-hour [meeting|session|debate]",
        "for the {ordinal} time [this year|in {n_small} months|since {year}]",
        "despite [objections|protests|warnings] from {group}",
        "ahead of a {month} [deadline|vote|review]",
        "in a [letter|message|report] to {org2}",
        "at a [hearing|meeting|briefing] in {place2}",
        "without a [public|formal|fresh] vote",
        "after [complaints|questions|calls] from {group}",
        "behind closed doors",
        "in a [speech|statement|interview] in {place}",
        "within [days|weeks|hours] of [taking office|the {month} vote|the last review]",
        "at its {day} [meeting|session]",
        "in front of [about|nearly|more than] {count} people",
        "by {n_small} votes to {n_tiny}",
        "late on {day}",
        "earlier this {season}",
        "at short notice",
        "for a {ordinal} year",
        "on {day} {month_day}",
        "on the [steps|floor|eve] of [the town hall|the chamber|the vote]",
    ),
    "reason": (
        "saying the {item} did not [add up|make sense|go far enough]",
        "[arguing|claiming|insisting] that {measure} would keep [rising|falling|climbing]",
        "because {measure} had [fallen|risen|dropped|grown] by {pct} percent since {year}",
        "[citing|pointing to|blaming] a [shortfall|gap|hole] of {money}",
        "after {count} [people|residents|voters] signed a [petition|letter|pledge]",
        "[noting|adding|recalling] that the last {item} was [in {year}|{n_small} years ago]",
        "[blaming|criticising] [delays|errors|costs] at {org2}",
        "a [move|step|decision] [welcomed|condemned|questioned] by {group}",
        "which {people_noun} [called|described as|branded] a U-turn",
        "saying {group} had not been [consulted|told|warned|asked]",
        "after a {quality} {item} was [leaked|published|shelved]",
        "[pointing to|citing|noting] a {pct} percent [rise|fall|jump] in {measure}",
        "to the [frustration|relief|surprise|anger] of {group}",
        "amid a [row|dispute|argument] over {det_obj} {item}",
        "[while|as] {org2} [stayed silent|looked on|reviewed its options]",
        "[hours|days|weeks] before {det_obj} {item} [was due|expired|ran out]",
        "[so that|in the hope that] {group} [could|would] [plan ahead|be paid|stay]",
    ),
    "opener": (
        "On {day}",
        "Earlier this {season}",
        "In {place}",
        "[For the first time|Once again] since {year}",
        "In a [surprise|late|rare|sudden] move",
        "Late on {day}",
        "Separately",
        "Meanwhile",
        "In {month}",
        "Despite [repeated|earlier|several] warnings",
        "Last {season}",
        "After {n_small} [months|weeks|rounds] of [talks|delay|argument]",
        "In {place2}",
        "By {month}",
        "On {month_day} {month}",
        "[Speaking|Writing] [in {place}|on {day}|this week]",
    ),
    "quote": (
        '"{quote_core}," {surname} said.',
        '"{quote_core}," said {person2}, the {role2}.',
        '{surname} [told reporters|said|wrote on social media|told this newspaper]: "{quote_core}."',
        '"{quote_core}," {surname2} said {adjunct}.',
        '"{quote_core}," {surname} [added|wrote|said in a statement].',
    ),
    "quote_core": (
        "{quote_open}we {modal} {quote_verb} {det_obj} {item} {complement}",
        "{quote_open}nobody {quote_place} [wanted|asked for|expected] {det_obj} {item} to [come to this|go this way|"
        "drag on]",
        "{quote_open}{det_obj} {quality} {item} is {judgement}",
        "{quote_open}we were given {n_small} [days|weeks|hours] to [respond to|read|comment on] {det_obj} {item}",
        "{quote_open}I [trust|believe in|am proud of] {group} {quote_place}",
        "{quote_open}there is [still|clearly|a lot of] work to do on {det_obj} {quality} {item}",
        "{quote_open}we asked {org2} about {det_obj} {item} [and got no answer|in {month}|twice|{adjunct}]",
        "{quote_open}{money} is [a lot|too much|not enough] to spend on {det_obj} {item} {complement}",
        "{quote_open}{det_obj} {item} will {quote_effect} {group} {quote_place}",
        "{quote_open}{group} {quote_place} [deserve|need|were promised] {det_obj} {quality} {item}",
    ),
    "quote_open": ("", "", "", "frankly, ", "look, ", "today "),
    "modal": ("will", "will not", "cannot", "must", "should", "are ready to", "intend to"),
    "quote_verb": ("accept", "support", "sign", "delay", "rush", "block", "rewrite", "defend", "fund", "review"),
    "quote_place": ("in {place}", "in {place2}", "here", "in this town", "on this estate", "across the county"),
    "judgement": (
        "a mistake",
        "long overdue",
        "good news",
        "not good enough",
        "a step in the right direction",
        "unaffordable",
        "a betrayal",
        "the best we could get",
        "a start",
    ),
    "quote_effect": ("hurt", "help", "cost", "protect", "confuse", "reassure"),
    "ordinal": ("second", "third", "fourth", "fifth"),
}
_CHOICE = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")
_CAPITAL = re.compile(r'(^"?|: ")([a-z])')  # the sentence, and a quotation in it, start with a capital


@dataclass(frozen=True)
class Draft:
    """An article before it is written out: a title and paragraphs of sentences."""

    topic: str
    title: str
    paragraphs: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]  # surnames of the cast, for planted name changes


def _number(rng: random.Random, slot: str) -> str:
    if slot == "pct":
        return f"{rng.randint(1, 60)}.{rng.randint(1, 9)}" if rng.random() < 0.5 else str(rng.randint(2, 90))
    if slot == "count":
        value = rng.choice((rng.randint(12, 950), rng.randint(1_000, 95_000)))
        return f"{value:,}"
    if slot in ("money", "money2"):
        currency = rng.choice(("£", "$", "€"))
        return f"{currency}{rng.randint(2, 95)}.{rng.randint(1, 9)} {rng.choice(('million', 'billion'))}"
    if slot == "n_small":
        return str(rng.randint(5, 48))
    if slot == "month_day":
        return str(rng.randint(1, 28))
    return str(rng.randint(2, 4))  # n_tiny


_NUMBER_SLOTS = {"pct", "count", "money", "money2", "n_small", "n_tiny", "month_day"}


def _place(rng: random.Random) -> str:
    return rng.choice(PLACE_HEADS) + rng.choice(PLACE_TAILS)


def _cast(rng: random.Random, topic: Topic) -> dict[str, str]:
    """Who and what one article is about; the same values run through all its sentences."""
    place, place2 = _place(rng), _place(rng)
    surname, surname2 = rng.sample(SURNAMES, 2)
    org, org2 = (pattern.format(place=place, surname=rng.choice(SURNAMES)) for pattern in rng.sample(topic.orgs, 2))
    role, role2 = rng.sample(topic.roles, 2)
    thing = rng.choice(topic.things)
    if rng.random() < 0.6:  # "Ashford's new tram line": the project is the town's own
        thing = f"{place}'s {thing.removeprefix('the ')}"
    measure = rng.choice(topic.measures)
    group = rng.choice(topic.groups)
    return {
        "person": f"{rng.choice(FIRST_NAMES)} {surname}",
        "surname": surname,
        "person2": f"{rng.choice(FIRST_NAMES)} {surname2}",
        "surname2": surname2,
        "role": role,
        "role2": role2,
        "org": org,
        "org2": org2,
        "place": place,
        "place2": place2,
        "thing": thing,
        "thing_cap": thing[0].upper() + thing[1:],
        "measure": measure,
        "measure_cap": measure[0].upper() + measure[1:],
        "group": group,
        "group_cap": group[0].upper() + group[1:],
        "day": rng.choice(WEEKDAYS),
        "month": rng.choice(MONTHS),
        "season": rng.choice(SEASONS),
        "year": str(rng.randint(2009, 2025)),
        "share": rng.choice(SHARES),
    }


def expand(frame: str, cast: dict[str, str], rng: random.Random) -> str:
    """A frame with one alternative of each ``[a|b]`` chosen and its slots filled: from the cast, with fresh
    numbers, or with a part of the clause grammar (expanded the same way)."""
    chosen = _CHOICE.sub(lambda match: rng.choice(match.group(1).split("|")), frame)

    def fill(match: re.Match[str]) -> str:
        slot = match.group(1)
        if slot in GRAMMAR:
            return _SLOT.sub(fill, _CHOICE.sub(lambda m: rng.choice(m.group(1).split("|")), rng.choice(GRAMMAR[slot])))
        return _number(rng, slot) if slot in _NUMBER_SLOTS else cast[slot]

    return _CAPITAL.sub(lambda match: match.group(1) + match.group(2).upper(), _SLOT.sub(fill, chosen))


def draft_article(rng: random.Random, body_sentences: tuple[int, int] = (6, 9)) -> Draft:
    """One article: a title, a lead and body sentences (mostly from the clause grammar) in paragraphs."""
    topic = rng.choice(TOPICS)
    cast = _cast(rng, topic)
    title = expand(rng.choice(topic.titles), cast, rng)
    frames = ["{clause}"] * 7 + ["{quote}"] * 2
    if rng.random() < 0.5:  # fixed frames are few: used in every article, they would join unrelated ones
        frames.append(rng.choice((*topic.frames, *GENERAL_FRAMES)))
    rng.shuffle(frames)
    sentences = [expand(rng.choice(LEAD_FRAMES) if rng.random() < 0.1 else "{clause}", cast, rng)]
    sentences += [expand(frame, cast, rng) for frame in frames[: rng.randint(*body_sentences) - 1]]
    paragraphs: list[tuple[str, ...]] = []
    while sentences:
        size = rng.choice((1, 2, 2, 3))
        paragraphs.append(tuple(sentences[:size]))
        del sentences[:size]
    return Draft(topic.name, title, tuple(paragraphs), (cast["surname"], cast["surname2"]))
