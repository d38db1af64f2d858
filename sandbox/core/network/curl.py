"""curl's command line and what it prints: the options the sandbox's curl takes, and its output and error
lines for a RequestTrace (requests.py simulates the request itself)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import SplitResult, urlsplit

from .exchange import Failure, Response
from .trace import RequestTrace
from .whoami import ephemeral_port

CURL_VERSION = "8.5.0"                 # the curl the sandbox's curl stands for (its User-Agent)
CONNECT_TIMEOUT_MS = 10_001
MAX_TIMEOUT = 2**31 / 1000             # seconds: curl keeps timeouts as milliseconds in a long
URL_FAILURES = (1, 3)                  # unsupported protocol, malformed URL: refused before any transfer


class CurlUsage(Exception):
    pass


@dataclass
class CurlOptions:
    url: str = ""
    method: str = "GET"
    headers: dict[str, str] = field(default_factory=dict)
    include: bool = False
    head: bool = False
    silent: bool = False
    show_error: bool = False
    verbose: bool = False
    fail: bool = False
    output: str | None = None
    write_out: str = ""
    timeout_ms: int = CONNECT_TIMEOUT_MS
    data: list[str] = field(default_factory=list)   # -d values, joined with & as curl sends them
    method_given: bool = False
    warnings: list[str] = field(default_factory=list)


_FLAGS = {"-i": "include", "--include": "include", "-I": "head", "--head": "head", "-s": "silent",
          "--silent": "silent", "-S": "show_error", "--show-error": "show_error", "-v": "verbose",
          "--verbose": "verbose", "-f": "fail", "--fail": "fail"}
_IGNORED = ("-L", "--location", "-k", "--insecure", "-4", "--compressed")
_VALUED = ("-H", "--header", "-o", "--output", "-w", "--write-out", "-X", "--request", "-m", "--max-time",
           "--connect-timeout", "-d", "--data", "--data-raw", "--data-ascii")


def parse_curl(argv: list[str]) -> CurlOptions:
    opts = CurlOptions()
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg in _FLAGS:
            setattr(opts, _FLAGS[arg], True)
        elif arg in _IGNORED:
            continue
        elif arg in _VALUED:
            if not args:
                raise CurlUsage(f"curl: option {arg}: requires parameter")
            _set_valued(opts, arg, args.pop(0))
        elif arg.startswith("-") and len(arg) > 2 and arg[1] != "-" and all(f"-{c}" in _FLAGS for c in arg[1:]):
            for c in arg[1:]:
                setattr(opts, _FLAGS[f"-{c}"], True)
        elif arg.startswith("-") and arg != "-":
            raise CurlUsage(f"curl: option {arg}: is unknown")
        else:
            opts.url = arg
    if not opts.url:
        raise CurlUsage("curl: no URL specified!")
    if opts.head:
        opts.method = "HEAD"
    elif opts.data and not opts.method_given:
        opts.method = "POST"
    return opts


def _set_valued(opts: CurlOptions, flag: str, value: str) -> None:
    if flag in ("-H", "--header"):
        name, _, val = value.partition(":")
        opts.headers[name.strip().title()] = val.strip()
    elif flag in ("-o", "--output"):
        opts.output = value
    elif flag in ("-w", "--write-out"):
        opts.write_out = value
    elif flag in ("-X", "--request"):
        opts.method = value.upper()
        opts.method_given = True
    elif flag in ("-d", "--data", "--data-raw", "--data-ascii"):
        if value.startswith("@") and flag != "--data-raw":
            # There are no files to read inside the sandbox's containers; curl warns and posts nothing.
            opts.warnings.append(f'Warning: Couldn\'t read data from file "{value[1:]}", this makes an empty POST.')
            value = ""
        opts.data.append(value)
    else:
        try:
            seconds = float(value)
        except ValueError:
            seconds = -1.0
        if not 0 <= seconds < MAX_TIMEOUT:         # also nan and inf
            raise CurlUsage(f"curl: option {flag}: expected a proper numerical parameter")
        opts.timeout_ms = int(seconds * 1000) + 1


# ---- what curl prints --------------------------------------------------------------

def finish(trace: RequestTrace, opts: CurlOptions, result: Response | Failure) -> None:
    parts: list[str] = []
    if isinstance(result, Failure):
        trace.error = f"curl: ({result.code}) {result.message}"
        trace.exit_code = result.code
        if opts.verbose:
            parts.append(_verbose_failure(trace, opts, result))
        if opts.write_out:
            parts.append(_write_out(opts.write_out, None))
        if not opts.silent or opts.show_error:
            parts.append(trace.error)
        trace.output = "".join(parts)
        return
    trace.status, trace.headers, trace.body = result.status, result.headers, result.body
    head = [f"HTTP/1.1 {result.status} {result.reason}".rstrip()] + [f"{k}: {v}" for k, v in result.headers]
    piped = _piped(trace)
    if opts.verbose:
        lines = _connected(trace) + _sent(trace, opts)
        if piped and opts.data:
            lines.append(f"}} [{len('&'.join(opts.data).encode())} bytes data]")
        lines += [f"< {line}" for line in head] + ["< "]
        if piped and result.body and opts.method != "HEAD":
            lines.append(f"{{ [{len(result.body.encode())} bytes data]")
        parts.append("\n".join(lines) + "\n")
    elif opts.include or opts.head:
        parts.append("\n".join(head) + "\n\n")
    failed = opts.fail and result.status >= 400
    if opts.output is not None:
        parts = parts[:1] if opts.verbose else []
    elif opts.method != "HEAD" and not failed:
        parts.append(result.body)
    if opts.verbose and not failed:
        newline = "" if "".join(parts).endswith("\n") else "\n"
        parts.append(f"{newline}* Connection #0 to host {_host(trace)} left intact\n")
    if opts.write_out:
        parts.append(_write_out(opts.write_out, result.status))
    if failed:
        trace.exit_code = 22
        trace.error = f"curl: (22) The requested URL returned error: {result.status}"
        if not opts.silent or opts.show_error:
            parts.append(trace.error)
    trace.output = "".join(parts)


def connect_failure(failure: Failure, host: str, port: int, timeout_ms: int) -> Failure:
    """curl's own words for a failed connection to host:port."""
    if failure.code == 7 and not failure.message.startswith("Failed"):
        return Failure(7, f"Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server",
                       failure.no_endpoints)
    if failure.code == 28 and not failure.message.startswith("Connection"):
        return Failure(28, f"Connection timed out after {timeout_ms} milliseconds")
    return failure


# What curl -v prints (curl 8.5.0: lib/cf-socket.c "Trying", lib/url.c "Connected to" and "Closing
# connection", lib/multi.c "left intact", src/tool_cb_dbg.c "[N bytes data]"; failf messages are echoed
# as `* ` lines too). `{ [N bytes data]` shows only when curl's output is not a terminal, as under
# `kubectl exec` without -t.

def _piped(trace: RequestTrace) -> bool:
    return bool(trace.hops) and trace.hops[0].pod is not None


def split_url(url: str) -> SplitResult:
    """The URL's parts; without a scheme, curl's default http://."""
    return urlsplit(url if "://" in url else f"http://{url}")


def url_port(parts: SplitResult) -> int:
    """The port curl connects to (ValueError for a malformed one)."""
    return parts.port or (443 if parts.scheme == "https" else 80)


def url_path(parts: SplitResult) -> str:
    """The path and query curl asks for."""
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _host(trace: RequestTrace) -> str:
    return split_url(trace.url).hostname or ""


def _port(trace: RequestTrace) -> int:
    return url_port(split_url(trace.url))


def _connected(trace: RequestTrace) -> list[str]:
    return [f"*   Trying {trace.address}:{_port(trace)}...",
            f"* Connected to {_host(trace)} ({trace.address}) port {_port(trace)}"]


def _sent(trace: RequestTrace, opts: CurlOptions) -> list[str]:
    return [f"> {opts.method} {url_path(split_url(trace.url))} HTTP/1.1",
            *(f"> {k}: {v}" for k, v in trace.request_headers.items()), "> "]


def _verbose_failure(trace: RequestTrace, opts: CurlOptions, failure: Failure) -> str:
    if failure.code in URL_FAILURES:     # the tool refuses the URL before any transfer: nothing to narrate
        return ""
    if trace.address is None:            # not resolved
        lines = [f"* {failure.message}"] + (["* Closing connection"] if failure.code == 6 else [])
    elif failure.code == 7:
        source = trace.hops[0].address if trace.hops else ""
        lines = [f"*   Trying {trace.address}:{_port(trace)}...",
                 f"* connect to {trace.address} port {_port(trace)} from {source} port "
                 f"{ephemeral_port(source, f'{trace.address}:{_port(trace)}', 0)} failed: Connection refused",
                 f"* {failure.message}", "* Closing connection"]
    elif failure.code == 28:
        lines = [f"*   Trying {trace.address}:{_port(trace)}...", f"* {failure.message}", "* Closing connection"]
    else:                                # connected, sent the request, got no HTTP answer back
        lines = _connected(trace) + _sent(trace, opts) + [f"* {failure.message}", "* Closing connection"]
    return "\n".join(lines) + "\n"


def _write_out(fmt: str, status: int | None) -> str:
    code = f"{status:03d}" if status is not None else "000"
    return fmt.replace("%{http_code}", code).replace("%{response_code}", code).replace("\\n", "\n")
