"""The project's IRIs: our namespace, the special graphs, and the prefixes we bind on output.

Plain strings, not rdflib namespaces: ``kg query`` must start fast and never import rdflib.
"""
import functools
import re

BASE = "https://w3id.org/vn-customs-kg/"
ONTOLOGY_IRI = BASE + "ontology"
VCK = ONTOLOGY_IRI + "#"

#: Named graph holding ontology/*.ttl (but not the shapes).
ONTOLOGY_GRAPH = ONTOLOGY_IRI
#: Named graph of curated background definitions that no source states.
BACKGROUND_GRAPH = BASE + "graph/background"
#: Source graphs are named by the source's own IRI, which starts with this.
SOURCE_PREFIX = BASE + "source/"
#: Graphs of statements derived by a rule (kg/rules/), never stated by a source.
DERIVED_PREFIX = BASE + "graph/derived/"
#: The RDF merge of every graph: each statement once, however many graphs state it. A query's
#: default graph; built with the store, never exported or listed as a graph of the dataset (a
#: push leaves it in the store under this name too).
MERGE_GRAPH = BASE + "graph/union"

PREFIXES: dict[str, str] = {
    "vck": VCK,
    "org": "http://www.w3.org/ns/org#",
    "eli": "http://data.europa.eu/eli/ontology#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "qb": "http://purl.org/linked-data/cube#",
    "sdmx-measure": "http://purl.org/linked-data/sdmx/2009/measure#",
    "sdmx-attribute": "http://purl.org/linked-data/sdmx/2009/attribute#",
    "sdmx-dimension": "http://purl.org/linked-data/sdmx/2009/dimension#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "doc": BASE + "document/",
    "vorg": BASE + "org/",
    "person": BASE + "person/",
    "event": BASE + "event/",
    "place": BASE + "place/",
    "source": SOURCE_PREFIX,
    "derived": DERIVED_PREFIX,
    "concept": BASE + "concept/",
    # one prefix per code list and per kind of thing, so that what kg prints is valid SPARQL
    "issuer": BASE + "concept/issuer/",
    "doctype": BASE + "concept/doc-type/",
    "indicator": BASE + "concept/indicator/",
    "unit": BASE + "concept/unit/",
    "measure": BASE + "concept/measure/",
    "qualifier": BASE + "concept/qualifier/",
    "role": BASE + "concept/role/",
    "channel": BASE + "concept/channel/",
    "series": BASE + "series/",
    "change": BASE + "change/",
    "system": BASE + "system/",
    "programme": BASE + "programme/",
    "period": BASE + "period/",
    "figure": BASE + "figure/",
    "jurisdiction": BASE + "jurisdiction/",
    "membership": BASE + "membership/",
    "participation": BASE + "participation/",
}

# SPARQL's and Turtle's PN_LOCAL, less the rarely needed percent escapes: a local part kg prints
# must match it, with "/" and the other reserved characters escaped by a backslash.
_PN_CHARS_U = "A-Za-z_\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD"
_PN_CHARS = _PN_CHARS_U + "0-9\\-\u00B7\u0300-\u036F\u203F-\u2040"
_ESCAPABLE = "_~.-!$&'()*+,;=/?#@%"


@functools.cache
def _local() -> re.Pattern:
    """The PN_LOCAL pattern, compiled on first use (its Unicode classes cost 10 ms at every start)."""
    return re.compile(
        rf"^(?:[{_PN_CHARS_U}0-9:]|\\[{re.escape(_ESCAPABLE)}])"
        rf"(?:(?:[{_PN_CHARS}.:]|\\[{re.escape(_ESCAPABLE)}])*(?:[{_PN_CHARS}:]|\\[{re.escape(_ESCAPABLE)}]))?$")


def curie(iri: str) -> str:
    r"""``iri`` as a prefixed name that can be pasted into SPARQL or Turtle: the longest matching
    prefix, the local part's reserved characters escaped (``doc:2024\/06-ct-ttg``); an IRI
    that no prefix can shorten comes back as ``<iri>``.

    >>> curie("https://w3id.org/vn-customs-kg/ontology#Directive")
    'vck:Directive'
    >>> curie("https://w3id.org/vn-customs-kg/concept/issuer/ttg")
    'issuer:ttg'
    >>> print(curie("https://w3id.org/vn-customs-kg/document/2024/06-ct-ttg"))
    doc:2024\/06-ct-ttg
    >>> curie("http://example.org/a b")
    '<http://example.org/a b>'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            if _local().match(_escape(iri[len(ns):])):
                best = prefix
    return f"{best}:{_escape(iri[len(PREFIXES[best]):])}" if best else f"<{iri}>"


def nearest_prefix(prefix: str) -> str:
    """`` — did you mean 'vck:'?`` for a misspelt prefix, or ``""`` when none is near."""
    import difflib

    near = difflib.get_close_matches(prefix, PREFIXES, n=1, cutoff=0.5)
    return f" — did you mean '{near[0]}:'?" if near else ""


def _escape(local: str) -> str:
    return "".join("\\" + c if c in "/?#@&!$'()*+,;=~" else c for c in local)


def expand(name: str) -> str:
    r"""Expand a CURIE with a known prefix (escapes such as ``\/`` undone); anything else is
    returned unchanged.

    >>> expand(r"doc:2024\/06-ct-ttg") == expand("doc:2024/06-ct-ttg")
    True
    """
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + re.sub(r"\\(.)", r"\1", local)
    return name
