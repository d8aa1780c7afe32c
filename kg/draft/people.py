"""People an article names with their posts: "<post> of <body> <name>", "<name>, <post> of
<body>", "appointing Mr. X as <post> of <body>", each an ``org:Membership`` where the body is one
the graph knows (the person known or proposed), and a person named after a post of no body
proposed alone."""
from __future__ import annotations

import re

from kg.draft.article import Sentence
from kg.draft.model import Post, Proposal, Reading
from kg.graph import KnowledgeGraph
from kg.lookup import Mention, slug
from kg.namespaces import BASE
from kg import queries

_ROLES_QUERY = queries.read("draft-roles", internal=True)
# a person's name as Vietnamese names are written in English: two to four capitalised words
# (none of them a word of a body's name: "Tay Ninh Provincial Customs Department" is no person)
_BODY_WORD = r"(?:Customs|Department|Branch|Ministry|Provincial|Committee|General|Office|Bureau|Council|Government|Team)\b"
_NAME = rf"(?P<name>(?!{_BODY_WORD})[A-ZĐ][a-zà-ỹđ]+(?:\s+(?!{_BODY_WORD})[A-ZĐ][a-zà-ỹđ]+){{1,3}})(?!\s+{_BODY_WORD})"


def person_roles(graph: KnowledgeGraph) -> list[tuple[re.Pattern, str]]:
    """The posts people hold in the graph (Director General, Deputy Director, Minister), each
    with a pattern for its words, the longest first."""
    words = sorted(((row["word"], row["role"]) for row in graph.select(_ROLES_QUERY)), key=lambda w: -len(w[0]))
    return [(re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.IGNORECASE), role) for word, role in words]



def posts(reading: Reading, sentence: Sentence, named: list[Mention], roles, found_periods) -> None:
    """People's posts the sentence gives: "<post> of <body> <name>" and "<name>, <post> of <body>",
    the body one the graph knows; the person known or proposed (also after a post of no body)."""
    text = sentence.text
    bodies = {m.start: m for m in named if len(m.entities) == 1 and m.entities[0].startswith(BASE + "org/")}
    people = {m.start: m for m in named if len(m.entities) == 1 and m.entities[0].startswith(BASE + "person/")}
    taken: list[tuple[int, int]] = []
    for pattern, role in roles:
        for match in pattern.finditer(text):
            if any(a <= match.start() < b for a, b in taken):
                continue
            of = re.match(r"\s+of\s+(?:the\s+)?", text[match.end():])
            body = bodies.get(match.end() + of.end()) if of else None
            if body is None:
                # a post of no body named: the person after it is proposed all the same ("Deputy
                # Director Nguyen Van Hung"), the post left to the curator
                person = _name_at(text, match.end(), people)
                if person is not None:
                    taken.append((match.start(), person[3]))
                    if person[1] is None:
                        reading.propose(Proposal(BASE + "person/" + slug(person[0]), "person", person[0], sentence))
                continue
            person = _name_before(text, match.start(), people) or _name_at(text, body.end, people)
            if person is None:
                continue
            taken.append((match.start(), body.end))
            words = text[min(person[2], match.start()):max(person[3], body.end)]
            _add_post(reading, sentence, person, role, body.entities[0], words, found_periods)


def _name_at(text: str, at: int, people: dict) -> tuple[str, str | None, int, int] | None:
    """(name, known person or None, start, end) of a name just after ``at``, with no comma between."""
    space = re.match(r"\s+", text[at:])
    if not space:
        return None
    start = at + space.end()
    if start in people:
        m = people[start]
        return m.text, m.entities[0], m.start, m.end
    name = re.match(_NAME, text[start:])
    return (name.group("name"), None, start, start + name.end()) if name else None


# between a name and the post after it: "Nguyen Van Tho, Director General of ...", "appointing
# Mr. Le Van Minh as Director of ...", "... as the new Director of ..."
_NAME_THEN_POST = r"(?:,\s*|\s+as\s+(?:the\s+)?(?:new\s+)?)"


def _name_before(text: str, at: int, people: dict) -> tuple[str, str | None, int, int] | None:
    """The name written just before the post at ``at``."""
    for m in people.values():
        if re.fullmatch(_NAME_THEN_POST, text[m.end:at]):
            return m.text, m.entities[0], m.start, m.end
    name = re.search(_NAME + _NAME_THEN_POST + "$", text[:at])
    return (name.group("name"), None, name.start(), name.end("name")) if name else None


def _add_post(reading: Reading, sentence: Sentence, person, role: str, organization: str, words: str,
              found_periods) -> None:
    name, known, start, end = person
    iri = known or BASE + "person/" + slug(name)
    if known is None:
        reading.propose(Proposal(iri, "person", name, sentence))
    post = (f"membership/{iri.rsplit('/', 1)[1]}/{role.rsplit('/', 1)[1]}/{organization.rsplit('/', 1)[1]}")
    if any(p.iri == BASE + post for p in reading.posts):
        return
    # the day the sentence gives, unless it is an appointment's: a post is held from when it takes
    # effect, which a decision's date does not say
    days = [p.start for p in found_periods if p.start == p.end and p.kind == "point"]
    appointed = re.search(r"\b(?:appoint|elect)\w*", sentence.text, re.IGNORECASE)
    as_of = reading.article.published or (days[0] if len(days) == 1 and not appointed else None)
    reading.posts.append(Post(BASE + post, iri, role, organization, words, sentence, as_of))
