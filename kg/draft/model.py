"""What reading an article yields: its figures with their periods and subjects, the entities it
names, the names that name several, people's posts, what it says of documents, and the new
entities it proposes (:mod:`kg.draft.reading` fills it, :mod:`kg.draft.trig` writes it)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kg.draft import periods as periods_
from kg.draft.article import Article, Sentence
from kg.draft.figures import Figure
from kg.lookup import Mention


@dataclass
class DraftFigure:
    figure: Figure
    sentence: Sentence
    period: periods_.Period | None
    period_from: str          # "this sentence" or the earlier words the period was read from (with
                              # no period: why not, or "")
    about: str | None
    about_words: str | None


@dataclass
class Proposal:
    iri: str
    kind: str                 # document, person, event or body
    label: str
    sentence: Sentence
    notation: str | None = None
    doc_class: str | None = None
    signed: date | None = None   # the date written after a document's number
    event_class: str | None = None  # an event's class (vck:Conference, ...)
    day: date | None = None         # the day the sentence gives an event (its first, over days)
    end: date | None = None         # its last, where the sentence says it ran over days
    day_from: str = ""              # the words it was read from (and where a missing year came from)
    organizer: str | None = None    # the body the sentence says held it
    series: str | None = None       # the series an event is an edition of (schema:superEvent)
    edition: int | None = None      # and which edition ("the 34th ...", "... VII")


@dataclass(frozen=True)
class Post:
    """A person's post as the article writes it ("Deputy Director of the Customs Department Tran
    Duc Hung", "Nguyen Van Tho, Director General of the General Department of Customs")."""
    iri: str
    person: str
    role: str
    organization: str
    words: str
    sentence: Sentence
    as_of: date | None      # the day the article gives it on (--date, or a day in the sentence)


@dataclass
class Reading:
    article: Article
    figures: list[DraftFigure] = field(default_factory=list)
    known: dict[str, list[tuple[str, Sentence]]] = field(default_factory=dict)      # entity → (words, sentence)
    ambiguous: list[tuple[Mention, Sentence]] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    posts: list[Post] = field(default_factory=list)
    in_force: list[tuple[str, date, str, Sentence]] = field(default_factory=list)  # document, day, words
    relations: list[tuple[str, str, str, str, Sentence]] = field(default_factory=list)  # document, property, document, words
    unread: list[tuple[str, Sentence]] = field(default_factory=list)                 # notations the code lists cannot read

    def propose(self, proposal: Proposal) -> None:
        """Propose a new entity, once: the first sentence that names it is the one quoted."""
        if not any(p.iri == proposal.iri for p in self.proposals):
            self.proposals.append(proposal)
