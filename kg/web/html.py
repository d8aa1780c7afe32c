"""HTML for the server's pages: one template (``viz/web/page.html``) and escaped pieces.

Every label is escaped here; only our own paths and http(s) addresses become links; every page
carries a Content-Security-Policy that loads nothing from outside the server.
"""
from __future__ import annotations

import base64
import hashlib
from html import escape
from string import Template
from urllib.parse import quote

from kg.namespaces import BASE, curie
from kg.viz import safe_url


def local_path(iri: str) -> str | None:
    """The server path of one of our IRIs (``/org/customs-department``), else None."""
    if iri.startswith(BASE) and len(iri) > len(BASE):
        return "/" + quote(iri[len(BASE):], safe="/-_.~")
    return None


def link(iri: str, text: str | None = None) -> str:
    """A link to ``iri`` shown as ``text`` (escaped): our IRIs to their page here, http(s) as is."""
    shown = escape(text if text is not None else curie(iri))
    target = local_path(iri) or safe_url(iri)
    return f'<a href="{escape(target)}">{shown}</a>' if target else shown


def script_hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def page(templates, title: str, body: str, *, lang: str = "en", script: str = "", head: str = "") -> str:
    """A whole page: ``body`` is HTML already escaped by the caller; ``script`` runs by its hash."""
    css = (templates / "web.css").read_text(encoding="utf-8")
    scripts = f"script-src {script_hash(chr(10) + script + chr(10))}" if script else "script-src 'none'"
    csp = (f"default-src 'none'; {scripts}; style-src 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; "
           "frame-src 'self'; base-uri 'none'; form-action 'self'")
    template = Template((templates / "page.html").read_text(encoding="utf-8"))
    return template.substitute(lang=escape(lang), title=escape(title), css=css, csp=csp, head=head, body=body,
                               script=f"<script>\n{script}\n</script>" if script else "")
