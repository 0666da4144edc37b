"""Names of entities: a mention's canonical name, matching keys, aliases, acronyms and title words."""

from __future__ import annotations

import re

# Courtesy forms: one before a name makes it a person's name whatever spaCy's label.
HONORIFIC_WORDS = (
    "mr mrs ms miss mx dr sir dame lord lady madam mme mlle monsieur rev reverend fr father sister"
)
HONORIFICS = frozenset(HONORIFIC_WORDS.split())
# Office and rank words that stand before a person's name ("Foreign Minister Wang Yi", "Sen. Smith").
TITLE_WORDS = (
    "president vice prime premier minister deputy senator sen rep representative congressman congresswoman "
    "gov governor mayor councillor councilor alderman judge justice chief chancellor secretary ambassador "
    "general gen lt lieutenant col colonel maj major capt captain sgt sergeant cpl corporal pte private "
    "officer const constable cst det detective insp inspector supt superintendent commissioner sheriff "
    "prof professor doctor coach king queen prince princess emperor pope cardinal bishop archbishop rabbi "
    "imam pastor sheikh ceo cfo chairman chairwoman chair director spokesman spokeswoman spokesperson "
    "leader mp mla mpp foreign defence defense finance interior justice health trade former acting "
    "interim late speaker elder trustee principal reeve warden coroner ombudsman ald alderwoman pm"
)
TITLES = HONORIFICS | frozenset(TITLE_WORDS.split())
# Title words that describe an office rather than hold one ("former", "Foreign"): no cue by themselves.
OFFICE_MODIFIER_WORDS = (
    "vice deputy foreign defence defense finance interior justice health trade former acting interim late"
)
OFFICES = TITLES - frozenset(OFFICE_MODIFIER_WORDS.split())
# Offices that end a description, never a person's name: "Ontario Health Minister" is no one's name.
# (Offices that are also surnames, such as King, Major or Judge, are left out.)
OFFICE_END_WORDS = (
    "minister premier president senator governor mayor councillor councilor spokesman spokeswoman "
    "spokesperson chairman chairwoman ceo cfo secretary ambassador commissioner chancellor superintendent "
    "sheriff speaker mp mla mpp gov sen rep"
)
OFFICE_ENDS = frozenset(OFFICE_END_WORDS.split())
SHORT_TITLE_WORDS = "sen rep gov gen lt col maj capt sgt cpl pte const cst det insp supt prof"
SHORT_TITLES = frozenset(SHORT_TITLE_WORDS.split())
# Role nouns: one just before a name ("economist Philip Cross") marks a person.
ROLE_WORDS = (
    "economist analyst entrepreneur founder owner executive manager official spokesman spokeswoman "
    "spokesperson author writer novelist poet chef cook chocolatier lawyer attorney doctor nurse teacher "
    "student researcher scientist historian expert strategist adviser advisor consultant investor banker "
    "activist advocate organizer organiser volunteer resident victim witness suspect defendant prosecutor "
    "candidate member leader politician actor actress singer rapper musician artist designer architect "
    "bassist drummer guitarist vocalist frontman frontwoman pianist composer conductor dancer comedian "
    "filmmaker playwright painter sculptor "
    "photographer reporter columnist editor journalist player goalie goaltender forward defenceman "
    "defenseman striker midfielder defender pitcher quarterback rookie veteran teammate coach skipper "
    "brother brothers sister sisters son daughter wife husband father mother parent uncle aunt cousin "
    "nephew niece grandson granddaughter grandmother grandfather girlfriend boyfriend partner fiancé fiancée "
    "friend colleague neighbour neighbor boss director chairman chairwoman ceo president premier minister "
    "mayor senator governor councillor mp mla mpp judge justice officer constable detective sergeant trustee "
    "principal"
)
ROLES = frozenset(ROLE_WORDS.split())
# Words that make a name an organisation's or a venue's, seldom a person's.
BODY_NAME_WORDS = (
    "International Brewery Brewing Studio Studios Club Inc Corp Co Corporation Ltd LLC Group Company Bank "
    "Foundation Association Institute University College School Hospital Centre Center Council Committee "
    "Party Airlines Airways Hotel Restaurant Cafe Ministry Department Agency Fund Services Systems Labs "
    "Technologies Media Network Records Stadium Arena Tours Farms Foods Holdings Partners Insurance "
    "Motors Pharmaceuticals Society Union League Federation Commission Authority Board Mosque Synagogue "
    "FC F.C Newsroom Bureau United Rovers Wanderers Athletic Atletico Albion Hotspur Dynamo Dinamo Spartak "
    "Lokomotiv Olympique Borussia Gym Gymnasium High Health Hydro Award Awards Prize Trophy Festival"
)
BODY_WORDS = frozenset(BODY_NAME_WORDS.split())
# Entity labels that name someone who can speak or act: a person, a body, a place's government, a people.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# Abbreviated provinces and states, as in datelines ("MILTON, Ont."): a name before one is a place.
REGION_ABBREVIATIONS = (
    "ont que alta sask man bc ns nb nfld pei nwt calif fla mich ill mass wash conn ariz colo minn wis tenn "
    "ky md mo nj ny nc sc pa va ga ala okla ore nev tex"
)
REGIONS = frozenset(REGION_ABBREVIATIONS.split())
# Surface forms of a few places and bodies that news names in several ways; keys as `name_key` makes them.
ALIASES: dict[str, tuple[str, str]] = {
    **dict.fromkeys(
        ["us", "usa", "united states", "united states of america", "america"], ("United States", "GPE")
    ),
    **dict.fromkeys(["uk", "united kingdom", "britain", "great britain"], ("United Kingdom", "GPE")),
    "canada": ("Canada", "GPE"),
    **dict.fromkeys(["un", "united nations"], ("United Nations", "ORG")),
    **dict.fromkeys(["eu", "european union"], ("European Union", "ORG")),
    **dict.fromkeys(["uae", "united arab emirates"], ("United Arab Emirates", "GPE")),
    **dict.fromkeys(["ussr", "soviet union"], ("Soviet Union", "GPE")),
    # Canada's provinces and territories: the recogniser takes a possessive one for a person ("Nova Scotia's
    # top doctor"); none is a person's full name.
    **{
        province.casefold(): (province, "GPE")
        for province in (
            "Nova Scotia",
            "New Brunswick",
            "Prince Edward Island",
            "Newfoundland and Labrador",
            "Quebec",
            "Ontario",
            "Manitoba",
            "Saskatchewan",
            "Alberta",
            "British Columbia",
            "Yukon",
            "Nunavut",
            "Northwest Territories",
        )
    },
}
# Canada's larger cities, as one-word names: the recogniser takes some for people ("Hamilton police", "in
# Regina"). A mention that is only such a name, with no person cue, is the place; "Hamilton said" after
# "Lewis Hamilton" still joins him (a place-labelled partial name joins a person when it speaks).
CITY_WORDS = (
    "toronto montreal vancouver calgary edmonton ottawa winnipeg quebec hamilton kitchener london victoria "
    "halifax oshawa windsor saskatoon regina sherbrooke barrie kelowna abbotsford kingston sudbury "
    "saguenay moncton guelph brantford lethbridge nanaimo kamloops fredericton charlottetown whitehorse "
    "yellowknife iqaluit brampton mississauga surrey burnaby markham vaughan gatineau laval longueuil "
    "oakville burlington richmond coquitlam waterloo cambridge peterborough belleville timmins "
    "chilliwack airdrie"
)
CITIES = frozenset(CITY_WORDS.split())
LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
LEADING_POSSESSIVE = re.compile(r"^['’ʼ′]s\s+")
POSSESSIVE = re.compile(r"['’ʼ′]s?$")
POSSESSIVE_INSIDE = re.compile(r"['’ʼ′]s ")  # any apostrophe: ’ ʼ ′ are common in news copy
EDGE_PUNCTUATION = " \"'“”‘’ʼ′.,;:!?-–—()[]*/"
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})  # after a name: "King, Jr."
PARTICLE_WORDS = "de da di del della der den van von la le du dos das bin ibn al el y e"
PARTICLES = frozenset(PARTICLE_WORDS.split())
INITIALS = re.compile(r"^([A-Z]\.){1,3}$")  # "P.W." in "P.W. Botha": a person's initials, not an acronym
AGE_AFTER = re.compile(r"\s*,\s*\d{1,3}\s*(,|\.|;|$|\band\b)")  # "Jane Doe, 50," introduces her
TRAILING_NUMBER = re.compile(r"[\s,]+\d+$")
WORD = re.compile(r"\w+")
ACRONYM_SKIP = frozenset({"of", "and", "the", "for", "&", "de", "du", "des", "la", "le", "on", "in"})


def name_key(name: str) -> str:
    """The form two names must share to be the same name: case-folded, dots and spacing ignored."""
    return " ".join(name.replace(".", "").casefold().split())


def word_string(text: str) -> str:
    """The case-folded words of a text between spaces, for whole-word containment tests."""
    return " " + " ".join(WORD.findall(text.casefold())) + " "


def alias(name: str) -> tuple[str, str] | None:
    """The canonical name and label for a known alias ("U.S." -> United States, GPE), else None."""
    return ALIASES.get(name_key(name))


def strip_name(text: str) -> str:
    """A mention's name without spacing runs, leading article, possessive 's or edge punctuation."""
    name = " ".join(text.split()).strip(EDGE_PUNCTUATION)
    name = LEADING_POSSESSIVE.sub("", name)
    name = LEADING_ARTICLE.sub("", name)
    name = POSSESSIVE.sub("", name)
    return name.strip(EDGE_PUNCTUATION)


def split_title(name: str) -> tuple[str, str]:
    """(title words, the rest) of a name: "Foreign Minister Wang Yi" -> ("Foreign Minister", "Wang Yi").

    A role noun leads too ("Organizer Jane Doe") when two words are left after it, so a surname that is
    also a noun ("Son Heung-min", "Cook") stays whole.
    """
    words = name.split()
    cut = 0
    while cut < len(words) - 1 and (is_title(words[cut]) or (is_role(words[cut]) and cut < len(words) - 2)):
        cut += 1
    return " ".join(words[:cut]), " ".join(words[cut:])


def person_name(name: str) -> str:
    """A person's name without titles, a trailing ", 42"-style addition, or stray digits."""
    name = name.split(",")[0]
    name = split_title(name)[1]
    return TRAILING_NUMBER.sub("", name).strip(EDGE_PUNCTUATION)


def could_be_person(name: str) -> bool:
    """Whether a name can be a person's: no digits, inner possessive, lone title, acronym, lower-case word,
    and no office as its last word."""
    words = name.split()
    if any(map(str.isdigit, name)) or POSSESSIVE_INSIDE.search(name) or all(map(is_short_title, words)):
        return False
    if words and words[-1].rstrip(".").casefold() in OFFICE_ENDS:
        return False
    acronym = any(len(w) > 2 and w.isupper() and not is_initials(w) for w in words)
    if len(words) > 1 and acronym and not name.isupper():
        return False
    return all(w[0].isupper() or w in PARTICLES or bare_word(w)[:1].isupper() for w in words)


def names_a_body(name: str) -> bool:
    """Whether a name has a word that names an organisation or venue ("Lakefront Brewery", "Club Moo"), or
    ends with a country's or province's name ("Public Health Ontario", "Hockey Canada"): no one's name."""
    words = name.split()
    untitled = split_title(name)[1].split()  # "Health Minister Jane Doe" is no body; "Shared Health" is
    return any(w.strip(".,") in BODY_WORDS for w in untitled) or (len(words) > 1 and _ends_with_place(words))


def _ends_with_place(words: list[str]) -> bool:
    """Whether the last one to three words of a name are a known place ("Ontario", "Nova Scotia")."""
    return any(
        (found := alias(" ".join(words[-k:]))) is not None and found[1] == "GPE"
        for k in range(1, min(4, len(words)))
    )


def is_honorific(word: str) -> bool:
    """Whether a word is a courtesy form such as Mr. or Dr."""
    return word.rstrip(".").casefold() in HONORIFICS


def is_city(name: str) -> bool:
    """Whether a name is one of Canada's larger cities, as one word ("Hamilton", "Regina")."""
    return name_key(name) in CITIES


def is_region(name: str) -> bool:
    """Whether a name is an abbreviated province or state (Ont., Calif., B.C.)."""
    return name_key(name) in REGIONS


def is_role(word: str) -> bool:
    """Whether a word is a role noun or title that marks the name after it as a person's."""
    return word.rstrip(".").casefold() in ROLES or is_honorific(word)


def is_short_title(word: str) -> bool:
    """Whether a word is an honorific or an abbreviated title (Cpl., Sgt., Sen.), never a name by itself."""
    return is_honorific(word) or word.rstrip(".").casefold() in SHORT_TITLES


def is_initials(word: str) -> bool:
    """Whether a word is one to three initials with dots ("D.", "P.W."), not a known place ("U.S.")."""
    return bool(INITIALS.match(word)) and alias(word) is None


def is_office(word: str) -> bool:
    """Whether a word names an office or rank held by the person named after it ("Queen", "Senator")."""
    return word.rstrip(".").casefold() in OFFICES


def is_title(word: str) -> bool:
    """Whether a word is a title or office word that may stand before a person's name."""
    return word.rstrip(".").casefold() in TITLES


def name_words(name: str) -> list[str]:
    """The case-folded words of a name, for matching partial names to full ones; a particle joined by a
    hyphen is dropped ("Abdul-Karim al-Kabariti" -> abdul-karim, kabariti), as news drops it ("Kabariti")."""
    return [bare_word(w) for w in name_key(name).split()]


def bare_word(word: str) -> str:
    """A name word without a particle joined to it by a hyphen: "al-Kabariti" -> "Kabariti"."""
    particle, _, rest = word.partition("-")
    return rest if rest and particle.casefold() in PARTICLES else word


def initials(name: str) -> str:
    """The acronym a multi-word name would have: "Assembly of First Nations" -> "AFN"."""
    words = [w for w in name.split() if w.casefold() not in ACRONYM_SKIP]
    return "".join(w[0] for w in words if w[0].isalpha()).upper() if len(words) > 1 else ""


def name_cased(word: str) -> bool:
    """Whether a word is written as a name is: "Kadri", "O'Neill", and inner capitals ("McDavid",
    "DeSantis", "LaToya"), not "EDMONTON", "iPhone" or "NHL"."""
    return word.istitle() or (word[:1].isupper() and word[1:2].islower() and word.isalpha())


def is_acronym(name: str) -> bool:
    """Whether a name looks like an acronym: 2-6 capitals, dots allowed."""
    bare = name.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isalpha() and bare.isupper()


def looks_like_name(name: str) -> bool:
    """Whether a stripped mention can name something: it has a capital letter and no web or credit marks."""
    return any(map(str.isupper, name)) and not any(mark in name for mark in ("/", "@", "http", "www."))
