"""kg.network: the entity projection, shortest paths with direction, centrality, components."""
import pytest

from kg.errors import UsageError
from kg.lookup import label_of
from kg.network import centrality, components, entity_graph, neighbourhood, path_text, shortest_path

BASE = "https://w3id.org/vn-customs-kg/"
ORG = "http://www.w3.org/ns/org#"
E = lambda local: BASE + local  # noqa: E731


@pytest.fixture(scope="module")
def network(tiny_graph):
    return entity_graph(tiny_graph)


def test_nodes_are_entities_typed_outside_the_ontology(network):
    assert E("place/phu-quoc") in network  # typed, linked to nothing: still an entity
    assert network.nodes[E("org/customs-department")]["types"] == [ORG + "Organization"]
    assert not [n for n in network if n.startswith(BASE + "ontology")]  # terms are no entities


def test_edges_keep_predicate_and_every_source(network):
    edge = network.edges[E("org/customs-department"), E("org/ministry-of-finance"), ORG + "subOrganizationOf"]
    assert edge["predicate"] == ORG + "subOrganizationOf"
    assert edge["sources"] == [E("source/a")]
    # literals and types are no links
    assert all(p != "http://www.w3.org/1999/02/22-rdf-syntax-ns#type" for _, _, p in network.edges(keys=True))


def test_shortest_path_follows_links_either_way(network):
    steps = shortest_path(network, E("org/customs-department-office"), E("document/2025/382-qd-btc"))
    assert steps == [
        (E("org/customs-department-office"), ORG + "unitOf", E("org/customs-department"), True),
        (E("org/customs-department"), ORG + "subOrganizationOf", E("org/ministry-of-finance"), True),
        (E("org/ministry-of-finance"), "http://data.europa.eu/eli/ontology#passed_by", E("document/2025/382-qd-btc"), False),
    ]


def test_path_text_reads_as_a_chain(tiny_graph, network):
    steps = shortest_path(network, E("org/customs-department-office"), E("document/2025/382-qd-btc"))
    assert path_text(steps, lambda iri: label_of(tiny_graph, iri)) == (
        "Office\n"
        "  —org:unitOf→ Customs Department\n"
        "  —org:subOrganizationOf→ Ministry of Finance\n"
        "  ←eli:passed_by— Decision 382/QĐ-BTC")


def test_no_path(network):
    with pytest.raises(UsageError, match="place:phu-quoc: not linked to any other entity"):
        shortest_path(network, E("place/phu-quoc"), E("org/customs-department"))
    with pytest.raises(UsageError, match="no chain of statements links place:hanoi and vorg:customs-department"):
        shortest_path(network, E("place/hanoi"), E("org/customs-department"))


def test_centrality_and_components(network):
    top = centrality(network, 1)
    assert top[0][:2] == (E("org/ministry-of-finance"), 4)
    assert 0 < top[0][2] <= 1
    sizes = components(network)
    assert sizes[:3] == [6, 3, 2] and sum(sizes) == network.number_of_nodes()


def test_neighbourhood(network):
    assert neighbourhood(network, E("place/hanoi"), 1) == {E("place/hanoi"), E("event/hanoi-meeting")}
    near = neighbourhood(network, E("org/customs-department"), 1)
    assert near == {E("org/customs-department"), E("org/ministry-of-finance"), E("org/customs-department-office")}
