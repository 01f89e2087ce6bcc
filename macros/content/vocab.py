"""Closed vocabularies. Ids are stable: URLs, exports and filters key on them."""

STEPS = {
    "assess": "Step 1: Assess",
    "plan": "Step 2: Plan strategically",
    "prepare": "Step 3: Design and prepare",
    "conduct": "Step 4: Conduct",
    "follow-up": "Step 5: Follow up and evaluate",
}

AUDIENCES = {
    "official": "Track I officials",
    "practitioner": "Track II practitioners",
    "funder": "Funders",
    "student": "Students and researchers",
}

REGIONS = {
    "africa": "Africa",
    "americas": "Americas",
    "asia": "Asia and the Pacific",
    "europe": "Europe",
    "middle-east": "Middle East and North Africa",
    "global": "Global or multi-regional",
}

TRACKS = {
    "II": "Track II",
    "1.5": "Track 1.5",
    "hybrid": "Hybrid",
}

# The lanes of a case timeline: who acted in each event.
EVENT_TRACKS = {
    "I": "Track I (official)",
    "1.5": "Track 1.5",
    "II": "Track II (unofficial)",
    "other": "Other events",
}

# How a concept diagram is drawn (macros/outputs/figures.py has one drawing function per kind).
FIGURE_KINDS = {
    "cycle": "Steps in a loop",
    "sequence": "Stages in order, top to bottom",
    "pyramid": "Levels, narrow at the top",
    "matrix": "Two-by-two grid with labelled rows and columns",
    "wheel": "Parts around a centre",
    "fan": "Routes from a start to an end",
}

ACTIVITIES = {
    "back-channel": "Back channel",
    "dialogue": "Dialogue",
    "sustained-dialogue": "Sustained dialogue",
    "problem-solving-workshop": "Problem-solving workshop",
    "policy-dialogue": "Policy dialogue",
    "training": "Training and capacity building",
    "joint-project": "Joint project",
    "reconciliation": "Trauma healing and reconciliation",
    "media-engagement": "Media and public engagement",
    "national-dialogue-support": "Support to a national dialogue",
    "mediation": "Mediation",
}

OUTCOMES = {
    "contributed-to-agreement": "Contributed to an agreement",
    "opened-official-talks": "Opened or fed official talks",
    "shaped-ideas": "Shaped ideas and relationships",
    "mixed": "Mixed results",
    "no-clear-effect": "No clear effect",
    "stalled": "Stalled or collapsed",
}

# What women did in an effort, as its case text documents it (not a judgement of the effort).
WOMEN = {
    "led": "Started or led by women",
    "centred": "Built around women's participation",
    "took-part": "Women took part",
    "absent": "No women's role on record",
}

REFERENCE_TYPES = {
    "book": "Book",
    "article": "Journal article",
    "chapter": "Book chapter",
    "report": "Report",
}

REFERENCE_TOPICS = {
    "concepts": "Concepts, history and theory",
    "assessment": "Conflict analysis and assessment",
    "practice": "Design, facilitation and practice",
    "evaluation": "Follow-up, transfer and evaluation",
    "coordination": "Coordination and complementarity",
    "ethics": "Ethics, inclusion and do no harm",
    "cases": "Case studies",
}

# A template's sections, in order (docs/template/): anchor -> heading. The check, `new.py template`, the
# PDF (whose fields fill the form and whose example starts a page) and the Word copy all read these.
TEMPLATE_FORM, TEMPLATE_USE, TEMPLATE_EXAMPLE = "template", "how-to-use", "example"
TEMPLATE_SECTIONS = {TEMPLATE_FORM: "The template", TEMPLATE_USE: "How to use it", TEMPLATE_EXAMPLE: "Example, filled in"}

BLANK_LINES = range(1, 13)  # how many lines a space to write in, blank(), may have


def blank_lines(lines: str) -> int | None:
    """The number of lines a blank() asks for, or None when it is not a whole number in BLANK_LINES."""
    return int(lines) if lines.isdigit() and int(lines) in BLANK_LINES else None


# The vocabularies readers see, by the group name their translations use in docs/<language>/_data/ui.yml
# ("regions:" then "africa: Afrique"): the English labels above are the site's words for them.
SHOWN = {"steps": STEPS, "audiences": AUDIENCES, "regions": REGIONS, "tracks": TRACKS,
         "activity_types": ACTIVITIES, "outcomes": OUTCOMES, "women_roles": WOMEN, "event_tracks": EVENT_TRACKS}
