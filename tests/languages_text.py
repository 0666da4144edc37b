"""Hand-written French and German paragraphs for the language tests (written for these tests, not copied)."""

from __future__ import annotations

FRENCH = (
    "Le ministre des Affaires étrangères, Jean-Marc Dubois, a défendu mardi à Lyon le projet du "
    "gouvernement sur les transports régionaux.\n"
    "« Nous ne reculerons pas », a déclaré Jean-Marc Dubois devant les élus de la région.\n"
    "«Ce projet est juste et il sera financé», a-t-il ajouté.\n"
    "Selon Marie Lefèvre, porte-parole de la SNCF, les travaux commenceront au printemps."
)
FRENCH_TITLE = "Transports : le ministre défend son projet"
GERMAN = (
    "Der Stadtrat von Freiburg hat am Dienstag die Schließung der alten Brücke beschlossen. "
    "„Wir werden nicht nachgeben“, sagte Bürgermeisterin Anna Keller vor der Presse. "
    "Die Arbeiten sollen im Frühjahr beginnen und etwa zwei Jahre dauern."
)
ENGLISH = (
    "The city council voted on Tuesday to close the old bridge over the river. "
    '"We will not back down," Mayor Anna Keller told reporters. Work is due to start in the spring.'
)
FRENCH_QUOTES = (
    "La maire de Nantes, Claire Moreau, a présenté jeudi son plan pour le centre-ville.\n"
    "« Nous allons fermer deux rues aux voitures », a annoncé Claire Moreau.\n"
    "«Les commerçants seront consultés», a-t-elle précisé.\n"
    "‹ Une bonne idée ›, a répondu Paul Girard, président de l'association des riverains.\n"
    "„Wir sind bereit“, a affirmé Hans Weber, un investisseur allemand.\n"
    "Selon Paul Girard, les travaux dureront deux ans."
)
