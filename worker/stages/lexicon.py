"""Word lists more than one family reads, each name meaning one thing: reporting verbs, given names."""

from __future__ import annotations

from importlib import resources

from spacy.tokens import Token


def words(text: str) -> frozenset[str]:
    """The set of space-separated words in a text (for word lists written as one string)."""
    return frozenset(text.split())


# Dependency labels of a verb's subject: spaCy's English ones, and with Universal Dependencies' (French).
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
SUBJECT_DEPS_ANY_LANGUAGE = SUBJECT_DEPS | {"nsubj:pass"}
SAY_VERBS = words(
    "say tell add claim stress insist argue explain note state announce warn write declare report "
    "suggest acknowledge admit reply respond ask urge describe conclude continue recall agree assure "
    "assert emphasize emphasise reiterate confirm deny predict caution allege testify tweet post "
    "comment complain confess indicate maintain repeat retort quip joke scold sniff crow concede "
    "counter observe point remark mention answer shout yell whisper cry recount boast vow promise "
    "pledge lament acknowledge contend estimate propose recommend advise inform explain disclose "
    "reveal exclaim exhort chant bark snap muse gush scoff sigh plead demand thunder interject opine"
)
# French reporting verbs by lemma (spaCy's French lemmatiser: "a déclaré" -> "déclarer").
FRENCH_SAY_VERBS = words(
    "dire déclarer affirmer ajouter expliquer indiquer préciser souligner estimer assurer annoncer "
    "confier raconter rappeler insister répondre répliquer lancer ironiser avertir prévenir reconnaître "
    "admettre avouer confirmer démentir nier juger regretter déplorer dénoncer marteler "
    "poursuivre conclure commenter noter observer relever résumer insister protester plaider promettre "
    "s'exclamer exclamer interroger demander écrire tweeter témoigner révéler assener asséner soutenir "
    "détailler rapporter signaler mentionner prévenir constater"
)
SAY_VERBS_BY_LANGUAGE: dict[str, frozenset[str]] = {"fr": FRENCH_SAY_VERBS}


def is_say(token: Token) -> bool:
    """Whether a token is a reporting verb."""
    verbs = SAY_VERBS_BY_LANGUAGE.get(token.lang_, SAY_VERBS)
    return token.pos_ in {"VERB", "AUX"} and token.lemma_.lower() in verbs


def _given_names(file: str) -> dict[str, str]:
    """given name (case-folded) -> 'm' or 'f', read once when the module is imported (before forking)."""
    text = resources.files("worker").joinpath(f"data/{file}").read_text(encoding="utf-8")
    rows = (line.split("\t") for line in text.splitlines() if line and not line.startswith("#"))
    return {name: sex for name, sex in rows}


GIVEN_NAMES = _given_names("given_names.tsv")  # strongly gendered: p >= 0.95 one way
LEANING_NAMES = _given_names("given_names_leaning.tsv")  # leaning: 0.8 <= p < 0.95 ("Bernie", "Hillary")
EITHER_NAMES = _given_names("given_names_either.tsv")  # given to both: 0.2 < p < 0.8 ("Jody", "Jan")


def is_given_name(word: str) -> bool:
    """Whether a case-folded word is a given name in any of the three tables (seen 500 times or more)."""
    return word in GIVEN_NAMES or word in LEANING_NAMES or word in EITHER_NAMES
