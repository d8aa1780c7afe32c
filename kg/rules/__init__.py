"""The derivation rules, as SPARQL CONSTRUCT queries run in file-name order (see kg.derive)."""
