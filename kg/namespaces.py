"""The project's IRIs: our namespace, the special graphs, and the prefixes we bind on output.

Plain strings, not rdflib namespaces: ``kg query`` must start fast and never import rdflib.
"""
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
}


def curie(iri: str) -> str:
    """Shorten ``iri`` with the longest matching prefix, for display (the local part may hold
    "/", as in ``concept:issuer/ttg``); IRIs with no prefix come back whole.

    >>> curie("https://w3id.org/vn-customs-kg/ontology#Directive")
    'vck:Directive'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_./" for c in local):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def expand(name: str) -> str:
    """Expand a CURIE with a known prefix; anything else is returned unchanged."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name
