"""``kg serve``: the graph as a web service, one more thin front end over the library.

A read-only SPARQL 1.1 Protocol endpoint (:mod:`kg.web.sparql`), linked-data pages for every IRI
of ours (:mod:`kg.web.entity`), the dataset's description and dumps (:mod:`kg.web.dataset`), an
offline query page (:mod:`kg.web.pages`) and the W3C reconciliation API for OpenRefine
(:mod:`kg.web.reconcile`). :func:`kg.web.app.create_app` builds the route table in one place;
the prefixes, look-up, limits and named queries are the library's, as in the CLI.
"""
