"""``adopt``: users/ files and a ``pulumi import`` file for the profiles of an existing domain.

Read-only towards AWS. It reads the domain's profiles (with their tags and execution roles) and
the account's IAM inventory, plans one user per profile that users/ lacks (``adopt``), writes
the files once the folder with them passes ``check`` (``user_files``), writes the import file
(``import_file``), and prints what it did, what it skipped and why, and what to run next.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from components import kinds
from components.aws.adopt.decide import Adoption, Skip, plan_adoption
from components.aws.adopt.directory_users import Directory, plan_sso_adoption, read_directory
from components.aws.adopt.import_file import import_document
from components.aws.adopt.user_files import (
    existing_users,
    parsed,
    taken_names,
    user_text,
    write_files,
)
from components.aws.audit.directory_users import domain_findings
from components.aws.client.session import connect
from components.aws.read.answers import check_same_account
from components.aws.read.iam_inventory import IamInventory, read_iam
from components.aws.read.studio_inventory import Domain, read_domain, read_profiles
from components.core.problems import InputError, Problem
from components.core.settings.stack import Settings
from components.roster.users import UserSpec

Say = Callable[[str], None]


def run_adopt(
    settings: Settings,
    folder: Path,
    import_path: Path,
    *,
    only_users: bool,
    source: str,
    say: Say = print,
) -> int:
    """Adopt the domain's profiles that ``folder`` lacks; return the exit code (0).

    Raises:
        InputError: the stack names no domain, users/ has errors, or the files would not pass.
        AwsError: an AWS call failed.
    """
    domain_id = settings.domain_id
    if not domain_id:
        raise InputError([Problem(source, 0, 0, "adopt needs the stack's domainId")])
    users = existing_users(folder, settings)
    aws, settings = connect(settings)
    domain = read_domain(aws, domain_id)
    _same_auth_mode(settings, domain, source)
    profiles = read_profiles(aws, domain, describe=True)
    iam = read_iam(aws)
    check_same_account(domain.account, (p.arn for p in iam.principals), domain.id)
    directory = None
    if (directory_kind := kinds.directory_kind(settings)) is not None:
        directory = read_directory(aws, settings, directory_kind, domain, users, source)
    ids, profile_names = taken_names(folder, users)
    adoptions, specs, texts, skipped = [], [], {}, []
    for profile in sorted(profiles, key=lambda p: p.name):
        if profile.name.lower() in profile_names:
            continue
        try:
            if directory is None:
                adoption = plan_adoption(profile, settings, iam, domain)
            else:
                adoption = plan_sso_adoption(profile, settings, iam, domain, directory, ids)
            text, spec = _text(adoption, settings, domain.id, folder, ids)
        except Skip as why:
            skipped.append(f"  {profile.name}: {why}")
            continue
        ids.add(adoption.user_id.lower())
        profile_names.add(profile.name.lower())
        adoptions.append(adoption)
        specs.append(spec)
        texts[adoption.user_id] = text
    written = write_files(folder, texts, settings) if texts else []
    stack = _stack_name(source)
    document = import_document(adoptions, specs, users, settings, iam, only_users, stack)
    _write(import_path, json.dumps(document, indent=2) + "\n")
    _summary(say, adoptions, written, skipped, len(profiles) - len(adoptions) - len(skipped))
    _unmatched_principals(say, iam, settings, {p.tags.get(settings.tag_key) for p in profiles})
    if directory is not None:
        _assigned_groups(say, directory)
    replaced = any("pulumi up replaces it" in note for a in adoptions for note in a.notes)
    _next_steps(say, import_path, document, stack, replaced)
    say(aws.calls.summary())
    return 0


def _same_auth_mode(settings: Settings, domain: Domain, source: str) -> None:
    """Refuse a domain that signs people in otherwise than the stack says: the files would be of
    the wrong kind (audit and verify report the same as ``auth-mode-differs``)."""
    directory = kinds.directory_kind(settings) is not None
    for found in domain_findings(settings, domain, directory):
        if found.kind == "auth-mode-differs":
            raise InputError([Problem(source, 0, 0, f"{found.message}: {found.action}")])


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError([Problem(str(path), 0, 0, f"cannot write: {error.strerror}")]) from None


def _text(
    adoption: Adoption, settings: Settings, domain_id: str, folder: Path, ids: set[str]
) -> tuple[str, UserSpec]:
    """The file's text and what ``check`` reads from it."""
    if adoption.user_id.lower() in ids:
        raise Skip(f"the id {adoption.user_id!r} is taken in {folder}")
    text = user_text(adoption, settings, domain_id)
    spec, problems = parsed(folder / f"{adoption.user_id}.yaml", text, settings)
    if spec is None:
        raise Skip("; ".join(problems))
    return text, spec


def _summary(
    say: Say, adoptions: list[Adoption], written: list[Path], skipped: list[str], known: int
):
    say(f"adopted {len(adoptions)} profile(s); {known} already in users/")
    for adoption, path in zip(adoptions, written, strict=True):
        principal, spec = adoption.principal, adoption.principal_spec
        kind = kinds.kind_of(spec.kind)
        if (user_name := kind.directory_user_name(spec)) is not None:
            who = f"{kind.word} {user_name!r}"
        else:
            who = f"IAM {principal.kind} {principal.name}" if principal else "no principal yet"
        say(f"  {path}: profile {adoption.profile.name}, {who}")
        for note in dict.fromkeys(adoption.notes):
            say(f"    note: {note}")
    if skipped:
        say(f"skipped {len(skipped)} profile(s), to decide by hand:")
        say("\n".join(skipped))


def _unmatched_principals(say: Say, iam: IamInventory, settings: Settings, ids: set) -> None:
    """Principals carrying an id that no profile of the domain carries (left for audit to judge)."""
    lonely = [
        f"  IAM {p.kind} {p.name} ({settings.tag_key}={p.tags[settings.tag_key]!r})"
        for p in iam.principals
        if settings.tag_key in p.tags and p.tags[settings.tag_key] not in ids
    ]
    if lonely:
        say(
            f"principals tagged with an id no profile of the domain carries ({len(lonely)}), not adopted:"
        )
        say("\n".join(lonely))


def _assigned_groups(say: Say, directory: Directory) -> None:
    """Groups assigned to the application: their members sign in without a file."""
    groups = directory.groups
    if groups:
        say(
            f"groups assigned to the domain's application ({len(groups)}), whose members sign in "
            "without a file in users/ (audit reports them; remove the assignments once their "
            "members have files):"
        )
        say("\n".join(f"  group {g.principal_id}" for g in groups))


def _stack_name(source: str) -> str:
    """The stack ``adopt`` read its settings for (``S`` when it read ``Pulumi.yaml`` alone)."""
    return source.removeprefix("Pulumi.").removesuffix(".yaml") if source != "Pulumi.yaml" else "S"


def _next_steps(say: Say, import_path: Path, document: dict, stack: str, replaced: bool) -> None:
    expect = (
        "updates, and the roles noted above replaced under /studio-access/"
        if replaced
        else "updates only, no replacement"
    )
    # Resources of another provider are imported with it, so that provider must exist first.
    providers = "".join(
        f"  pulumi up --target '{urn}' --stack {stack}   # creates only the provider\n"
        for urn in document["nameTable"].values()
    )
    say(
        f"wrote {import_path} ({len(document['resources'])} resources). Next: review and commit "
        "users/ (python -m components check), then\n"
        f"{providers}"
        f"  pulumi import --file {import_path} --generate-code=false --stack {stack}\n"
        f"  pulumi preview --stack {stack}   # {expect}"
    )
