"""The learned relabelling of recognised names, and the evaluation's parse cache."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from worker.evaluation.common import parsed_articles
from worker.loader import parse
from worker.stages.entities.name_spans import RECOGNISED, possessive_marks
from worker.stages.entities.name_trims import trim_names
from worker.stages.entities.relabel import probabilities, relabel, weights


def _doc(nlp: Language, words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    """A hand-built doc (no parse) with the given entities, as the recogniser might have left them."""
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, start, end, label=label) for start, end, label in ents]
    return doc


def test_model_ships_five_classes_and_sums_to_one() -> None:
    """The packaged weights load once and give a probability for each of PER, ORG, LOC, MISC and O."""
    classes, table, _ = weights()
    probs = probabilities(["lab=ORG", "w=unseen-word"])
    assert classes == ("PER", "ORG", "LOC", "MISC", "O")
    assert len(table) > 1000
    assert abs(sum(probs.values()) - 1.0) < 1e-9


def test_full_name_called_an_organisation_becomes_a_person(nlp: Language) -> None:
    """A given name and a surname the recogniser labelled ORG, later said to speak, is a person."""
    words = str.split("Officials said Daniel Whitcombe would decide . Whitcombe said he was ready .")
    doc = relabel(_doc(nlp, words, [(2, 4, "ORG"), (7, 8, "PERSON")]))
    assert [(e.text, e.label_) for e in doc.ents] == [("Daniel Whitcombe", "PERSON"), ("Whitcombe", "PERSON")]
    assert doc.user_data[RECOGNISED] == [(15, 31, "ORG"), (47, 56, "PERSON")]


def test_surname_of_a_person_named_in_full_keeps_its_label(nlp: Language) -> None:
    """A one-word PERSON that ends a person's full name in the same text is never made a place or body."""
    words = str.split("Anna Kowalczyk won . Kowalczyk scored twice in Berlin .")
    doc = relabel(_doc(nlp, words, [(0, 2, "PERSON"), (4, 5, "PERSON"), (8, 9, "GPE")]))
    assert [e.label_ for e in doc.ents] == ["PERSON", "PERSON", "GPE"]


def test_unlabelled_given_name_joins_the_surname_after_it(nlp: Language) -> None:
    """A given name the recogniser left out ("Marina" before "Volkova") becomes part of the person's name."""
    words = str.split('the bank said , " Marina Volkova , an analyst , said .')
    doc = relabel(_doc(nlp, words, [(6, 7, "PERSON")]))
    assert [(e.text, e.label_) for e in doc.ents] == [("Marina Volkova", "PERSON")]


def test_unlabelled_run_of_proper_nouns_after_a_given_name_is_a_person(nlp: Language) -> None:
    """Two capitalised proper nouns with no entity, the first a given name, become a person's name."""
    words = str.split("Josh Leivo and Acme Mills scored for the Canucks .")
    pos = ["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "ADP", "DET", "PROPN", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, pos=pos)
    doc.ents = [Span(doc, 8, 9, label="ORG")]
    assert [(e.text, e.label_) for e in relabel(doc).ents] == [("Josh Leivo", "PERSON"), ("Canucks", "ORG")]


def test_odd_possessive_marks_parse_as_a_possessive_with_offsets_kept() -> None:
    """ "Ford`s" and "Fordʼs" are read as "Ford" + "’s"; backquotes opening a quote are left alone."""
    assert possessive_marks("Doug Ford`s aides, Fordʼs plan, ``no'' and Ford′s") == (
        "Doug Ford’s aides, Ford’s plan, ``no'' and Ford’s"
    )
    text = "Premier Doug Ford`s office said it would respond."
    (parsed,) = parsed_articles([text], cache=None)
    assert [(text[e.start_char : e.end_char], e.label_) for e in parsed.doc.ents] == [("Doug Ford", "PERSON")]


def test_unlabelled_name_coordinated_with_a_person_is_a_person(nlp: Language) -> None:
    """A run of proper nouns joined by "and" to a person's name is a person's name, given name or not."""
    words = str.split("Nayan Mongia and Javagal Srinath played .")
    pos = ["PROPN", "PROPN", "CCONJ", "PROPN", "PROPN", "VERB", "PUNCT"]
    deps = ["compound", "nsubj", "cc", "compound", "conj", "ROOT", "punct"]
    doc = Doc(nlp.vocab, words=words, pos=pos, heads=[1, 5, 1, 4, 1, 5, 5], deps=deps)
    doc.ents = [Span(doc, 0, 2, label="PERSON")]
    found = [(e.text, e.label_) for e in relabel(doc).ents]
    assert found == [("Nayan Mongia", "PERSON"), ("Javagal Srinath", "PERSON")]


def test_cached_parse_matches_a_fresh_parse(tmp_path: Path) -> None:
    """A parse read back from the cache has the same entities and the first parse's seconds."""
    text = "Maria Lopez, the mayor of Springfield, said the bridge would reopen in May."
    first: dict[str, float] = {}
    fresh = [(e.text, e.label_) for p in parsed_articles([text], first, cache=tmp_path) for e in p.doc.ents]
    again: dict[str, float] = {}
    cached = [(e.text, e.label_) for p in parsed_articles([text], again, cache=tmp_path) for e in p.doc.ents]
    assert cached == fresh
    assert len(list(tmp_path.rglob("*.spacy"))) == 1
    assert again["parse"] == first["parse"]


def test_numbers_titles_and_learned_leading_words_are_cut_off_names(nlp: Language) -> None:
    """'4 - Speaker Lena Marsh 12th' names Lena Marsh; 'Frenchman Luc Morel' names Luc Morel; an article stays."""
    words = str.split("4 - Speaker Lena Marsh 12th met Frenchman Luc Morel at the Hague Forum .")
    doc = trim_names(
        _doc(nlp, words, [(0, 6, "PERSON"), (7, 10, "PERSON"), (11, 14, "ORG")]), frozenset({"frenchman"})
    )
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Lena Marsh", "PERSON"),
        ("Luc Morel", "PERSON"),
        ("the Hague Forum", "ORG"),
    ]


def test_an_office_before_a_given_name_is_cut_off_a_name_of_any_label(nlp: Language) -> None:
    """'Councillor Priya Ramaswamy' called ORG loses the office; places named after a title keep it."""
    words = str.split("Councillor Priya Ramaswamy sailed Prince William Sound past the Mayor Anna Hospital .")
    doc = _doc(nlp, words, [(0, 3, "ORG"), (4, 7, "LOC"), (9, 12, "ORG")])
    assert [e.text for e in trim_names(doc, frozenset()).ents] == [
        "Priya Ramaswamy",
        "Prince William Sound",
        "Mayor Anna Hospital",
    ]


def test_a_describing_word_goes_when_the_article_also_names_the_person_without_it(nlp: Language) -> None:
    """'Comedian Dana Whitfield' beside 'Dana Whitfield' is Dana Whitfield; 'Jody Ann Marsh' keeps its
    given name ("Jody" is given to both); 'Obama White House' keeps "Obama", a name of its own."""
    words = str.split(
        "Comedian Dana Whitfield thanked Dana Whitfield , Jody Ann Marsh , Ann Marsh , Obama "
        "and staffers from the Obama White House which hosted their meeting ."
    )
    spans = [(0, 3), (4, 6), (7, 10), (11, 13), (14, 15), (19, 22)]
    doc = trim_names(_doc(nlp, words, [(start, end, "PERSON") for start, end in spans]), frozenset())
    assert [e.text for e in doc.ents] == [
        "Dana Whitfield",
        "Dana Whitfield",
        "Jody Ann Marsh",
        "Ann Marsh",
        "Obama",
        "Obama White House",
    ]


def test_a_role_noun_stays_when_it_would_leave_one_word(nlp: Language) -> None:
    """'Cook Hana' keeps both words (a surname may be a role noun); a title still goes ('Mayor Hana')."""
    words = str.split("Rookie Cook Hana and Mayor Hana spoke .")
    doc = trim_names(_doc(nlp, words, [(1, 3, "PERSON"), (4, 6, "PERSON")]), frozenset())
    assert [e.text for e in doc.ents] == ["Cook Hana", "Hana"]


def test_headline_verb_is_cut_off_a_person(nlp: Language) -> None:
    """In a title-case headline 'Dana Whitfield Rejects Plan', tagged as a verb, the person is Dana Whitfield."""
    words = str.split("Dana Whitfield Rejects Plan To Close Mill")
    doc = Doc(nlp.vocab, words=words, tags=["NNP", "NNP", "VBZ", "NNP", "TO", "VB", "NNP"])
    doc.ents = [Span(doc, 0, 4, label="PERSON")]
    assert [e.text for e in trim_names(doc, frozenset()).ents] == ["Dana Whitfield"]


def test_headline_name_runs_only_as_far_as_the_article_names_the_person(nlp: Language) -> None:
    """'Dana Whitfield Defends Budget' in a headline is the Dana Whitfield named in the story."""
    text = "Dana Whitfield Defends Budget Against Council Critics\nDana Whitfield spoke on Monday ."
    doc = Doc(nlp.vocab, words=text.replace("\n", " \n ").split(" "))
    doc[8].is_sent_start = True
    doc.ents = [Span(doc, 0, 4, label="PERSON"), Span(doc, 8, 10, label="PERSON")]
    assert [e.text for e in trim_names(doc, frozenset()).ents] == ["Dana Whitfield", "Dana Whitfield"]


def test_a_known_place_called_a_person_becomes_a_place_and_an_unknown_word_does_not(nlp: Language) -> None:
    """'Grozny' tagged PERSON is a place (the model is confident); an unknown 'Halverton' keeps PERSON."""
    labels = []
    for text in ("Troops left Grozny on Tuesday .", "Troops left Halverton on Tuesday ."):
        doc = nlp(text)
        doc.ents = [Span(doc, 2, 3, label="PERSON")]
        labels.append(relabel(doc).ents[0].label_)
    assert labels == ["GPE", "PERSON"]


def test_names_listed_as_examples_of_companies_are_bodies(nlp: Language) -> None:
    """'companies including Pernod Ricard and Reckitt Benckiser', 'brands such as Calvin Klein': firms."""
    doc = parse(
        nlp,
        "Tenants of the new tower will be companies including Reckitt Benckiser, Pernod Ricard and Unilever.\n"
        "Brands such as Ralph Lauren and Calvin Klein have cut prices.\n"
        "Leaders including Jane Whitcombe and Tobias Renwick spoke.",
    )
    labels = {e.text: e.label_ for e in doc.ents}
    assert [labels[n] for n in ("Reckitt Benckiser", "Pernod Ricard", "Ralph Lauren", "Calvin Klein")] == [
        "ORG"
    ] * 4
    assert labels["Jane Whitcombe"] == labels["Tobias Renwick"] == "PERSON"


def test_an_unlabelled_name_beside_a_role_is_a_person(nlp: Language) -> None:
    """'Xi Jinping, the Chinese president, is expected ...' names a person the recogniser left out here."""
    text = (
        "Trudeau's office said trade and climate change would top the agenda. A senior government official, "
        "speaking on background, said Canada hopes to finalize a nuclear co-operation agreement.\n\n"
        "Xi Jinping, the Chinese president, is expected to visit later this year, the official said.\n"
    )
    assert ("Xi Jinping", "PERSON") in [(e.text, e.label_) for e in parse(nlp, text).ents]


def test_canadian_titles_and_provinces_stay_one_token_and_one_sentence(nlp: Language) -> None:
    """'Coun. Dana Whitlock said ...' is one sentence with 'Coun.' one token, not 'Coun' '.' and a break."""
    doc = parse(
        nlp,
        "Coun. Dana Whitlock, who wrote the motion, said the city must act. MILTON, Ont. — Const. Ravi Sen spoke.",
    )
    assert [t.text for t in doc[:2]] == ["Coun.", "Dana"]
    first = next(s.text for s in doc.sents)
    assert first == "Coun. Dana Whitlock, who wrote the motion, said the city must act."
    assert "Const." in [t.text for t in doc]


def test_an_unlabelled_name_after_a_title_is_a_person_without_the_title(nlp: Language) -> None:
    """'Justice Doreen Sulyma will deliver ...', which the recogniser left out, names Doreen Sulyma."""
    text = (
        "One victim, an 81-year-old widow, wrote in her statement that she had to sell her house. "
        '"I have nothing left," she wrote.\n\n'
        "Justice Doreen Sulyma will deliver her decision on June 12. The judge said she needed time to "
        "review the victim impact statements."
    )
    assert ("Doreen Sulyma", "PERSON") in [(e.text, e.label_) for e in parse(nlp, text).ents]
