"""The ``kg`` command: a thin click layer over the library. Each command parses its options,
calls one library function, and prints. User errors are one line on stderr, never a traceback."""
from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import click

from kg.errors import KGError, UsageError


class _Group(click.Group):
    """Turns every error into one line on stderr and its exit code: a :class:`KGError` raised by a
    command, a usage error click finds in the arguments, a failed write, and even a bug of ours."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        try:
            code = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.ClickException as e:  # a bad option or argument: one line, not click's usage block
            where = f" (see `{e.ctx.command_path} --help`)" if getattr(e, "ctx", None) else ""
            click.echo(_one_line(f"error: {e.format_message()}{where}"), err=True)
            code = e.exit_code
        except click.exceptions.Abort:
            click.echo("error: interrupted", err=True)
            code = 130
        if not standalone_mode:
            return code
        if code in (0, None):
            from kg._main import finished

            finished()  # a signal from here on comes too late to stop anything
        sys.exit(code if isinstance(code, int) else 0)

    def make_context(self, *args, **kwargs):
        try:
            return super().make_context(*args, **kwargs)
        except KeyboardInterrupt:  # before click can answer it with a blank line and "Aborted!"
            click.echo("error: interrupted", err=True)
            raise click.exceptions.Exit(130) from None

    def invoke(self, ctx):
        # SIGTERM raises KeyboardInterrupt (kg._main), so half-written outputs are cleaned up
        try:
            return super().invoke(ctx)
        except KGError as e:
            _fail(ctx, f"error: {e}", e.exit_code)
        except BrokenPipeError:  # `kg ... | head`: the reader has all it wanted
            _fail(ctx, None, 0)
        except OSError as e:  # stdout to a full disk, a file that vanished
            _fail(ctx, f"error: cannot write the output: {e.strerror or e}", 2)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _fail(ctx, "error: interrupted", 130)
        except Exception as e:  # a bug of ours: still one line, and a code that says so
            if _caused_by_interrupt(e):  # Ctrl-C met inside code that wraps it ("Error calling __set_name__")
                _fail(ctx, "error: interrupted", 130)
            first = str(e).splitlines()[0] if str(e) else ""
            _fail(ctx, f"error: internal error ({type(e).__name__}: {first}); please report it", 3)


def _caused_by_interrupt(error: BaseException) -> bool:
    """Whether a KeyboardInterrupt (Ctrl-C, or SIGTERM as kg._main raises it) is among the causes of
    ``error``: Python wraps one that comes while a class is being made, for one."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, KeyboardInterrupt):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _fail(ctx, message: str | None, code: int):
    try:
        sys.stdout.flush()
    except OSError:
        pass
    # nothing more may reach a stdout that failed, or Python complains again at exit
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):  # no real stdout (tests)
        pass
    if message:
        click.echo(_one_line(message), err=True)
    ctx.exit(code)


def _default_folder(output: Path, ctx) -> None:
    """Make ``build/`` where the output is the command's default (``build/...``), the one folder
    a command makes without being named it; an output given is written only into a folder that is there."""
    source = ctx.get_parameter_source("output")
    if source is click.core.ParameterSource.DEFAULT and not output.parent.exists():
        try:
            output.parent.mkdir()
        except OSError as e:
            raise UsageError(f"cannot make {output.parent}: {e.strerror or e}") from None


def _show(text: str, err: bool = False) -> None:
    """Print text that holds data (labels, notes): its control characters shown escaped."""
    from kg.terminal import safe

    click.echo(safe(text, keep="\n"), err=err)


def _one_line(message: str) -> str:
    """An error message as one line: line breaks and other control characters a user typed shown escaped."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in message)


class _Seconds(click.FloatRange):
    """A number of seconds in a range; NaN, which every comparison lets through, is refused."""

    def convert(self, value, param, ctx):
        seconds = super().convert(value, param, ctx)
        if seconds != seconds:
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return seconds


@click.group(cls=_Group)
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Project directory (with ontology/ and facts/); default: found from here upward.")
@click.option("--store", type=click.Path(file_okay=False), default=None,
              help="Keep the graph in an on-disk store here; later runs skip parsing while the files are unchanged.")
@click.version_option(package_name="vn-customs-kg", prog_name="kg")
@click.pass_context
def main(ctx, root, store):
    """vn-customs-kg: build, validate, query and export the customs knowledge graph.

    Example: kg build && kg query --name sources
    """
    ctx.obj = {"root": root, "store": store}


def _graph(ctx):
    from kg.loader import load

    if "graph" not in ctx.obj:
        ctx.obj["graph"] = load(ctx.obj["root"], store_path=ctx.obj["store"])
    return ctx.obj["graph"]


@main.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("build"),
              show_default=True, help="Output directory.")
@click.pass_context
def build(ctx, out):
    """Load, validate, and write Turtle, TriG and the HTML pages to OUT (only if the graph validates).

    Example: kg build --out build
    """
    from kg.build import build_all

    graph = _graph(ctx)
    result = build_all(graph, out)
    click.echo(result.summary())
    if not result.report.conforms:
        _show(result.report.text(), err=True)
        ctx.exit(1)


@main.command()
@click.pass_context
def validate(ctx):
    """Check the shapes and that every link is defined and every statement sourced.

    Exit 0 conforms, 1 violations, 2 could not load. Example: kg validate
    """
    from kg.validate import validate as run_validation

    report = run_validation(_graph(ctx))
    _show(report.text())
    ctx.exit(0 if report.conforms else 1)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "file", type=click.Path(dir_okay=False, path_type=Path), help="Read the query from a .rq file.")
@click.option("--name", "-n", help="Run a named query shipped with kg (see --list).")
@click.option("--list", "list_", is_flag=True, help="List the named queries and what each answers.")
@click.option("--bind", "-b", multiple=True, metavar="VAR=VALUE",
              help='Pre-bind a variable: an IRI, CURIE, date, number, or a name as `kg describe` takes it '
                   '(document number, label); "quoted" for text.')
@click.option("--format", "fmt", default="table", show_default=True,
              type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "nt", "jsonld"]))
@click.option("--timeout", default=30.0, show_default=True, type=_Seconds(0.1, 86400),
              help="Seconds before the query is stopped.")
@click.option("--max-memory", default=2048, show_default=True, type=click.IntRange(16, 1 << 20), metavar="MB",
              help="Memory the query may use, in MiB, before it is stopped.")
@click.option("--endpoint", metavar="URL", help="Ask this SPARQL endpoint (a store the graph was pushed to) "
              "instead of the local graph; the project's graphs are its default graph.")
@click.pass_context
def query(ctx, sparql, file, name, list_, bind, fmt, timeout, max_memory, endpoint):
    """Run SPARQL over all graphs (the default graph is their union).

    Example: kg query --name documents-by-issuer --bind issuer=concept:issuer/ttg
    """
    from kg import query as q

    if list_:
        for named in q.named_queries():
            click.echo(f"{named.name:28} {named.question}")
        return
    text = q.query_text(sparql, file, name)
    if endpoint is not None:  # "" too: an empty address is an error, never the local graph
        from kg import remote

        answer, note = remote.ask_as_pushed(endpoint, text, bind, root=ctx.obj["root"], load=lambda: _graph(ctx),
                                            timeout=timeout, max_answer_mb=max_memory,
                                            names_here=ctx.obj["store"] is not None)
        data = q.render(answer, fmt)
        if note:
            click.echo(note, err=True)
    else:
        from kg.limits import Limits

        graph = _graph(ctx)
        bindings = q.resolve_bindings(graph, bind)
        data = q.run_limited(graph, text, bindings, fmt, Limits(timeout=timeout, max_memory_mb=max_memory)).data
    sys.stdout.buffer.write(data)
    sys.stdout.flush()


@main.command()
@click.option("--format", "fmt", default="turtle", show_default=True,
              type=click.Choice(["turtle", "trig", "nt", "nquads", "jsonld", "xml"]))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File to write (default: stdout).")
@click.pass_context
def export(ctx, fmt, output):
    """Write the graph in a standard format; TriG and N-Quads keep each statement's source.

    Example: kg export --format nquads -o customs.nq
    """
    from kg.export import export as run_export

    graph = _graph(ctx)
    if output is None:
        run_export(graph, fmt, sys.stdout.buffer)
        sys.stdout.flush()
    else:
        count = run_export(graph, fmt, output)
        _show(f"wrote {count} statements to {output}", err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("build/ontology.html"),
              show_default=True, help="File to write.")
@click.pass_context
def docs(ctx, output):
    """Write the ontology documentation page (one offline HTML file).

    Example: kg docs -o build/ontology.html
    """
    from kg.docs import write_docs

    _default_folder(output, ctx)
    _show(f"wrote {write_docs(_graph(ctx), output)}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=5.0, show_default=True, type=_Seconds(0.1, 3600),
              help="Seconds a query may run before it is stopped (answered 503).")
@click.option("--max-memory", default=1024, show_default=True, type=click.IntRange(16, 1 << 20), metavar="MB",
              help="Memory a query may use, in MiB, before it is stopped (503).")
@click.pass_context
def serve(ctx, host, port, timeout, max_memory):
    """Serve the graph: a read-only SPARQL endpoint, entity pages, the query page, reconciliation.

    Example: kg serve --port 8000, then open http://127.0.0.1:8000/
    """
    import uvicorn

    from kg.web.app import Settings, address_of, create_app, listen
    from kg.web.protocol import bounded

    settings = Settings(timeout=timeout, max_memory_mb=max_memory)
    app = create_app(_graph(ctx), settings)
    sock = listen(host, port)
    click.echo(f"serving on {address_of(sock)} (SPARQL at /sparql); Ctrl-C stops", err=True)
    # uvicorn.Server rather than uvicorn.run, which swallows Ctrl-C: once the server has shut down
    # it raises the signal again, and kg ends with 130 as on any other command
    # httptools: the HTTP parser in C (uvicorn's pure-Python h11 cost a look-up a fifth of its time),
    # with the request's line and headers bounded (kg.web.protocol);
    # no proxy headers: a client's own X-Forwarded-For must not make it many clients, each with a
    # share of the query workers (kg serve is reached directly, not behind a proxy of ours)
    uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning",
                                  http=bounded(settings.max_request_bytes), proxy_headers=False)).run(sockets=[sock])


@main.command()
@click.argument("url")
@click.option("--prune", is_flag=True, help="Also delete the graphs of ours the store has but the project no longer has.")
@click.option("--sparql", "sparql_url", metavar="URL", help="The store's query endpoint, for --prune (Oxigraph: found).")
@click.option("--graph-by-graph", is_flag=True, help="Use the Graph Store Protocol even where a bulk load exists.")
@click.option("--timeout", type=_Seconds(0.1, 86400), default=None,
              help="Seconds the whole push may take [default: 60, and 1 more per 5,000 statements].")
@click.pass_context
def push(ctx, url, prune, sparql_url, graph_by_graph, timeout):
    """Load the graph into a SPARQL 1.1 store at URL (its Graph Store Protocol endpoint), one named
    graph per source, each replacing the store's graph of that name. Credentials: KG_USER and
    KG_PASSWORD, or ~/.netrc.

    Example: kg push http://127.0.0.1:7878/store
    """
    from kg import remote

    report = remote.push(_graph(ctx), url, prune=prune, sparql_url=sparql_url,
                         fast=False if graph_by_graph else None, progress=remote.progress_line, timeout=timeout)
    how = "in one bulk load" if report.fast else "graph by graph"
    click.echo(f"pushed {report.statements} statements in {report.graphs} graphs to {url} ({how})"
               + (f"; pruned {len(report.pruned)} graphs" if report.pruned else ""))


@main.command()
def prefixes():
    """List the prefixes every query may use without declaring them (a query's own PREFIX wins).

    Example: kg prefixes
    """
    from kg.namespaces import PREFIXES

    for prefix, iri in PREFIXES.items():
        click.echo(f"PREFIX {prefix + ':':16} <{iri}>")


@main.command()
@click.argument("thing")
@click.option("--lang", default="en", show_default=True, type=click.Choice(["en", "vi"]), help="Language of labels.")
@click.pass_context
def describe(ctx, thing, lang):
    """Every statement about THING, incoming links too, each with its source.

    THING is an IRI, a CURIE, a document number (06/CT-TTg, 382/QD-BTC) or a label, with or
    without diacritics. Example: kg describe "382/QĐ-BTC"
    """
    from kg.lookup import describe_text, resolve

    graph = _graph(ctx)
    _show(describe_text(graph, resolve(graph, thing), lang))


@main.command()
@click.argument("text")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 1000))
@click.pass_context
def search(ctx, text, limit):
    """Find entities by label, other name or document number, ignoring case and diacritics.

    Example: kg search "hai quan khu vuc"
    """
    from kg.lookup import search as find
    from kg.namespaces import curie

    hits = find(_graph(ctx), text, limit)
    for hit in hits:
        _show(f"{hit.name}  [{curie(hit.type) if hit.type else '?'}]  {curie(hit.entity)}")
    if not hits:
        click.echo(f"nothing matches {text!r}", err=True)
        ctx.exit(1)


@main.command()
@click.option("--top", default=10, show_default=True, type=click.IntRange(1, 1000))
@click.pass_context
def stats(ctx, top):
    """Counts per class, property and source; the most central entities; components.

    Example: kg stats --top 5
    """
    from kg.lookup import label_of
    from kg.stats import stats as compute

    graph = _graph(ctx)
    _show(compute(graph, top).text(top, label=lambda iri: label_of(graph, iri)))


@main.command()
@click.argument("a")
@click.argument("b")
@click.pass_context
def path(ctx, a, b):
    """The shortest chain of statements linking two entities.

    Example: kg path "Directive 06/CT-TTg" "Customs Department"
    """
    from kg.lookup import label_of, resolve
    from kg.network import entity_graph, path_text, shortest_path

    graph = _graph(ctx)
    start, end = resolve(graph, a), resolve(graph, b)
    if start == end:
        _show(f"{label_of(graph, start)}  (A and B are the same entity: a path of no steps)")
        return
    steps = shortest_path(entity_graph(graph), start, end)
    _show(path_text(steps, label=lambda iri: label_of(graph, iri)))


class _Date(click.ParamType):
    """An ISO date, YYYY-MM-DD."""

    name = "YYYY-MM-DD"

    def convert(self, value, param, ctx):
        from datetime import date

        try:
            return date.fromisoformat(value) if len(value) == 10 else self.fail(f"{value!r} is not a date as YYYY-MM-DD")
        except ValueError:
            self.fail(f"{value!r} is not a date as YYYY-MM-DD")


@main.command()
@click.argument("article", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--url", help="The article's web address (names the source; else its file name does).")
@click.option("--date", "published", type=_Date(), help="The publication date (for \"currently\", \"up to now\", \"since the start of the year\" "
              "and years the text omits; default: the article's dateline, or the HTML page's own date).")
@click.option("--title", help="The article's title (default: its first line, or the HTML page's title).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="TriG file to write (default: stdout); never inside facts/.")
@click.option("--against/--no-against", default=True, show_default=True,
              help="Say on stderr, per candidate, what the graph already states of it.")
@click.pass_context
def draft(ctx, article, url, published, title, output, against):
    """Draft the facts of a news article (text or HTML) as TriG for review: figures with unit,
    period, measure, hedge, indicator and subject; people's posts; documents' entry into force and
    relations; the entities it names; new documents, people, bodies, events and indicators
    proposed; each with its sentence.

    Example: kg draft article.txt --url https://example.org/news/1 --date 2024-04-02 -o draft.trig
    """
    from kg.draft import compare, read_article, write
    from kg.draft.output import check_output, summary

    graph = _graph(ctx)
    check_output(graph, output, article)
    reading = read_article(graph, article, url, published, title)
    text = write(graph, reading)
    if output is None:
        click.echo(text, nl=False)
    else:
        from kg._io import write_text

        write_text(output, text)
    _show(summary(reading, compare(graph, reading) if against else None, output), err=True)


@main.command()
@click.argument("draft", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="Facts file to write (facts/NAME.trig).")
@click.pass_context
def adopt(ctx, draft, output):
    """Make a reviewed draft a facts file: every statement it keeps, without the article's words
    (its vck:quote sentences and comments) and without the notes that an entity was proposed.

    Example: kg adopt build/draft.trig -o facts/revenue-may-2025.trig && kg validate
    """
    from kg._io import write_bytes
    from kg.draft.adopt import adopt as run_adopt

    if output.exists() and draft.exists() and os.path.samefile(output, draft):
        raise UsageError(f"{output}: that is the draft itself; write the facts to another file")
    data, kept, left_out = run_adopt(draft)
    write_bytes(output, data)
    _show(f"wrote {kept} statements to {output} ({left_out} quotes and notes left out); now run kg validate", err=True)


@main.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("build/customs-graph.html"),
              show_default=True, help="File to write.")
@click.option("--focus", help="Write only the neighbourhood of this entity (IRI, CURIE, number or label).")
@click.option("--depth", default=2, show_default=True, type=click.IntRange(1, 10), help="Links from the focus to keep.")
@click.pass_context
def viz(ctx, output, focus, depth):
    """Write the interactive graph page: one HTML file that works offline.

    Example: kg viz --focus "382/QĐ-BTC" --depth 2 -o build/decision-382.html
    """
    from kg.lookup import resolve
    from kg.viz import write_page

    graph = _graph(ctx)
    iri = resolve(graph, focus) if focus else None
    _default_folder(output, ctx)
    _show(f"wrote {write_page(graph, output, focus=iri, depth=depth)}")


if __name__ == "__main__":
    from kg._main import main as program

    program()
