"""``activity``: who opened what, denied attempts first, unused access (CloudTrail, read-only).

The command reads the stack's settings and users here and hands over to
``components.activity``, imported inside the command so every other command stays
offline. The report is one document (``document``): JSON prints it as it is, text and
Markdown render the same document, so the three always agree.
"""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from components.cli.commands.aws_calls import add_timeout, calling_aws
from components.cli.render.formats import code, md
from components.core.problems import UsageError
from components.roster.stack_files import load_stack_settings

if TYPE_CHECKING:  # the AWS commands are imported only when one of them runs
    from components.activity.command import ActivityReport
    from components.activity.tally import Request

FORMATS = ("text", "markdown", "json")
#: The window read without ``--since``/``--days``: all of CloudTrail's event history.
DEFAULT_DAYS = 90
DEFAULT_UNUSED_DAYS = 90
#: The overall deadline (``--timeout``): at CloudTrail's 2 requests per second, 2,400 pages of 50
#: events, 120,000 events; the nightly job allows for it.
ACTIVITY_TIMEOUT = 1200.0


def add_parser(commands: argparse._SubParsersAction) -> None:
    """Add ``activity``."""
    activity = commands.add_parser(
        "activity",
        help="who opened what, denied attempts first, unused access (CloudTrail, read-only)",
    )
    activity.add_argument("--stack", help="read settings from Pulumi.<stack>.yaml")
    window = activity.add_mutually_exclusive_group()
    window.add_argument(
        "--since", type=_date, metavar="DATE", help="read from this day (YYYY-MM-DD, UTC) on"
    )
    window.add_argument(
        "--days",
        type=_positive,
        metavar="N",
        help=f"read the last N days (default {DEFAULT_DAYS}, all the event history keeps)",
    )
    activity.add_argument(
        "--unused-days",
        type=_positive,
        default=DEFAULT_UNUSED_DAYS,
        metavar="N",
        help="list active people who used their access in no way for N days "
        f"(default {DEFAULT_UNUSED_DAYS})",
    )
    activity.add_argument("--format", choices=FORMATS, default="text")
    add_timeout(activity, ACTIVITY_TIMEOUT)
    activity.set_defaults(run=_activity)


def _activity(args: argparse.Namespace) -> int:
    from components.activity.command import run_activity
    from components.cli.commands.aws import _source

    settings = load_stack_settings(args.stack)
    now = datetime.now(UTC).replace(microsecond=0)
    since = args.since or now - timedelta(days=args.days or DEFAULT_DAYS)
    if since >= now:
        raise UsageError(f"--since {since:%Y-%m-%d} is not in the past")

    def activity() -> int:
        report = run_activity(
            settings, since=since, now=now, unused_days=args.unused_days, source=_source(args)
        )
        print(render(document(report), args.format), end="")
        return 0

    return calling_aws(args, activity)


def _date(text: str) -> datetime:
    try:
        day = datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date (YYYY-MM-DD)") from None
    return day.replace(tzinfo=UTC)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive number of days")
    return value


def _time(value: datetime | None) -> str | None:
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def document(report: ActivityReport) -> dict[str, Any]:
    """The report as one JSON-ready document: what every format shows."""
    tally = report.tally
    unused = report.unused
    day_ago = report.end - timedelta(days=1)
    return {
        "summary": {
            "denied_attempts": len(tally.denied),
            "denied_last_day": sum(1 for d in tally.denied if d.time and d.time >= day_ago),
            "changes": len(tally.changes),
            "unused": len(unused or ()),
            "unattributed_events": sum(len(u.event_ids) for u in tally.unattributed.values()),
        },
        "domain": report.domain_id,
        "region": report.region,
        "window": {"start": _time(report.start), "end": _time(report.end)},
        "read": {
            "events": tally.events,
            "reported": tally.counted,
            "out_of_scope": dict(sorted(tally.out_of_scope.items())),
            "requests": report.requests,
        },
        "denied_attempts": [_request(d) for d in tally.denied],
        "changes": [_request(c) for c in tally.changes],
        "people": [
            {
                "id": p.id,
                "status": "active" if p.active else "offboarded",
                "last_sign_in": _time(p.last_sign_in),
                "last_used": _time(p.last_used),
                "sign_ins": p.sign_ins,
                "sessions": p.sessions,
                "apps_started": p.apps_started,
                "denied": p.denied,
                "events": dict(sorted(p.events.items())),
                "attributed_by": dict(sorted(p.via.items())),
            }
            for p in sorted(tally.people.values(), key=lambda p: p.id)
        ],
        "unused": {
            "days": report.unused_days,
            "judged": unused is not None,
            "people": [{"id": p.id, "last_used": _time(p.last_used)} for p in unused or ()],
        },
        "unattributed": [
            {
                "caller": u.caller,
                "reason": u.how,
                "events": dict(sorted(u.events.items())),
                "denied": u.denied,
                "last": _time(u.last),
                "event_ids": list(u.event_ids),
            }
            for u in sorted(tally.unattributed.values(), key=lambda u: (u.caller, u.how))
        ],
        "notes": list(report.notes),
    }


def _request(d: Request) -> dict[str, Any]:
    return {
        "time": _time(d.time),
        "event": d.event,
        "caller": d.caller,
        "person": d.person,
        "attributed_by": d.how,
        "target": d.target,
        "owner": d.owner,
        "source_ip": d.source_ip,
        "user_agent": d.user_agent,
        "error": d.error,
        "event_id": d.event_id,
    }


def render(doc: dict[str, Any], fmt: str) -> str:
    """``doc`` as ``text``, ``markdown`` or ``json``."""
    if fmt == "json":
        return json.dumps(doc, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(doc)
    return _text(doc)


def _who(item: dict[str, Any]) -> str:
    return item["person"] or f"{item['caller']} (unattributed)"


def _request_line(d: dict[str, Any]) -> str:
    outcome = d["error"] or "allowed"
    return (
        f"{d['time']} {_who(d)} [{d['attributed_by']}]: {d['event']} on {d['target']} "
        f"(owner: {d['owner'] or 'unknown'}): {outcome} from {d['source_ip']}, "
        f"user agent {d['user_agent']!r}, event {d['event_id']}"
    )


def _events(counts: dict[str, int]) -> str:
    return ", ".join(f"{name} ×{n}" for name, n in counts.items()) or "none"


def _person_line(p: dict[str, Any]) -> str:
    return (
        f"{p['id']} ({p['status']}): last sign-in {p['last_sign_in'] or 'none'}, "
        f"{p['sign_ins']} sign-ins, {p['sessions']} sessions, {p['apps_started']} apps started, "
        f"last used {p['last_used'] or 'never in the window'}, {p['denied']} denied; "
        f"events: {_events(p['events'])}"
    )


def _unused_line(doc: dict[str, Any]) -> str:
    unused = doc["unused"]
    if not unused["judged"]:
        return f"unused for {unused['days']} days: not judged (see the notes)"
    names = [
        f"{u['id']} (last used {u['last_used'] or 'never in the window'})" for u in unused["people"]
    ]
    return f"unused for {unused['days']} days ({len(names)}): {', '.join(names) or 'nobody'}"


def _text(doc: dict[str, Any]) -> str:
    read = doc["read"]
    lines = [
        f"activity of domain {doc['domain']} in {doc['region']}, {doc['window']['start']} to "
        f"{doc['window']['end']}: {read['events']} events read in {read['requests']} requests, "
        f"{read['reported']} of this stack",
        f"denied attempts on someone else's profile, space or app ({len(doc['denied_attempts'])}):",
    ]
    lines += [f"  {_request_line(d)}" for d in doc["denied_attempts"]]
    lines.append(f"tag and trust changes ({len(doc['changes'])}):")
    lines += [f"  {_request_line(c)}" for c in doc["changes"]]
    lines.append(f"people ({len(doc['people'])}):")
    lines += [f"  {_person_line(p)}" for p in doc["people"]]
    lines.append(_unused_line(doc))
    lines.append(
        f"unattributed ({sum(sum(u['events'].values()) for u in doc['unattributed'])} events):"
    )
    for u in doc["unattributed"]:
        lines.append(
            f"  {u['caller']} [{u['reason']}]: {_events(u['events'])}, {u['denied']} denied, "
            f"last {u['last']}; events {', '.join(u['event_ids'])}"
        )
    lines += [f"note: {note}" for note in doc["notes"]]
    return "\n".join(lines) + "\n"


def _markdown(doc: dict[str, Any]) -> str:
    """Denied attempts, unused access, tag and trust changes, unattributed callers, then the
    table of people: the most pressing first, since the drift issue keeps the first 20,000
    characters."""
    denied, summary = doc["denied_attempts"], doc["summary"]
    lines = [
        # what the nightly job reads (docs/access.md): one comment, numbers only
        "<!-- studio-access-activity "
        + " ".join(f"{key.replace('_', '-')}={value}" for key, value in summary.items())
        + " -->",
        "## Studio activity",
        "",
        f"{'❌' if denied else '✅'} **{len(denied)} denied attempts on someone else's profile, "
        f"space or app** (domain {code(doc['domain'])}, {doc['window']['start']} to "
        f"{doc['window']['end']}, {doc['read']['events']} events read).",
        "",
        *_requests_table(denied),
        f"**{md(_unused_line(doc))}**",
        "",
    ]
    if doc["changes"]:
        lines += [f"**{len(doc['changes'])} tag and trust changes**:", ""]
        lines += _requests_table(doc["changes"])
    if doc["unattributed"]:
        lines += ["Unattributed events:", ""]
        lines += [
            f"- {code(u['caller'])} ({md(u['reason'])}): {md(_events(u['events']))}"
            for u in doc["unattributed"]
        ]
        lines.append("")
    lines += ["| person | last sign-in | sign-ins | sessions | apps started | last used | denied |"]
    lines += ["|---|---|---|---|---|---|---|"]
    lines += [
        f"| {code(p['id'], in_table=True)} | {p['last_sign_in'] or '–'} | {p['sign_ins']} | "
        f"{p['sessions']} | {p['apps_started']} | {p['last_used'] or '–'} | {p['denied']} |"
        for p in doc["people"]
    ]
    lines.append("")
    lines += [f"> {md(note)}" for note in doc["notes"]]
    return "\n".join(lines) + "\n"


def _requests_table(requests: list[dict[str, Any]]) -> list[str]:
    if not requests:
        return []
    lines = [
        "| when | who | what | on | owner | from | user agent |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {d['time']} | {code(_who(d), in_table=True)} | {d['event']} | "
        f"{code(d['target'], in_table=True)} | {md(d['owner'] or 'unknown')} | "
        f"{code(d['source_ip'], in_table=True)} | {code(d['user_agent'], in_table=True)} |"
        for d in requests
    ]
    return [*lines, ""]
