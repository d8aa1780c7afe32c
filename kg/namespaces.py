"""The project's IRIs: our namespace, the special graphs, and the prefixes we bind on output."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, QB, RDF, RDFS, SKOS, TIME, XSD

BASE = "https://w3id.org/vn-customs-kg/"
ONTOLOGY_IRI = BASE + "ontology"
VCK = Namespace(ONTOLOGY_IRI + "#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
SCHEMA = Namespace("https://schema.org/")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")

#: Named graph holding ontology/*.ttl (but not the shapes).
ONTOLOGY_GRAPH = ONTOLOGY_IRI
#: Named graph of curated background definitions that no source states.
BACKGROUND_GRAPH = BASE + "graph/background"
#: Source graphs are named by the source's own IRI, which starts with this.
SOURCE_PREFIX = BASE + "source/"

PREFIXES: dict[str, str] = {
    "vck": str(VCK),
    "org": str(ORG),
    "eli": str(ELI),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "skos": str(SKOS),
    "schema": str(SCHEMA),
    "time": str(TIME),
    "qb": str(QB),
    "sdmx-measure": str(SDMX_MEASURE),
    "sdmx-attribute": str(SDMX_ATTRIBUTE),
    "sdmx-dimension": str(SDMX_DIMENSION),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "doc": BASE + "document/",
    "vorg": BASE + "org/",
    "person": BASE + "person/",
    "event": BASE + "event/",
    "place": BASE + "place/",
    "source": SOURCE_PREFIX,
    "concept": BASE + "concept/",
}


def curie(iri: str) -> str:
    """Shorten ``iri`` with the longest matching prefix; IRIs with no prefix come back whole.

    >>> curie("https://w3id.org/vn-customs-kg/ontology#Directive")
    'vck:Directive'
    """
    best = ""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(ns) > len(PREFIXES.get(best, "")):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = prefix
    return f"{best}:{iri[len(PREFIXES[best]):]}" if best else iri


def expand(name: str) -> str:
    """Expand a CURIE with a known prefix; anything else is returned unchanged."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in PREFIXES and not local.startswith("//"):
        return PREFIXES[prefix] + local
    return name
