"""What a pull request changes in the stack's own settings, key by key, for the PR report.

One line in ``Pulumi.<stack>.yaml`` can move every profile to another domain, weaken the member
policy or unbind outsiders, and a reviewer who reads "no user is added, removed or changed" would
approve it blind. So every configuration key the stack knows (``CONFIG_KEYS``, and the region)
is compared between the base and the working tree: the list follows the settings, and a key
added to them is reported the day it exists. The structured keys (``studio``, ``teams``) are left
to ``studio``, which reports their effect per person; reporting them here too would say it twice.

No secret can reach this comparison: the stack reader refuses ``secure:`` values (a secret has
no place in this stack's configuration), so every value compared is one the file shows in clear.
Values are shown in full (``values.shown``: a list of exempt roles cut short could hide the one
added); the renderer escapes them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from components.changes.values import shown
from components.core.settings.reader import REGION_KEY
from components.core.settings.stack import CONFIG_KEYS, STRUCTURED_KEYS, Settings

#: Every stack key compared, with its ``Settings`` attribute: the configuration's keys but the
#: structured ones, then the region, which decides where (and in which partition) all of it is.
COMPARED_KEYS: tuple[tuple[str, str], ...] = (
    *((key, attribute) for key, attribute in CONFIG_KEYS if key not in STRUCTURED_KEYS),
    (REGION_KEY, "region"),
)


@dataclass(frozen=True)
class StackChange:
    """One stack setting whose value moves.

    Attributes:
        key: the configuration key, as the stack file spells it (``domainId``).
        before, after: the values as a reviewer reads them (``not set`` when no file sets it
            and it has no default).
        effect: what the move does, in words, or ``""`` where the product says nothing more
            than the key's name and values.
    """

    key: str
    before: str
    after: str
    effect: str = ""


def stack_changes(before: Settings, after: Settings) -> tuple[StackChange, ...]:
    """Every compared key whose value differs between ``before`` (the base) and ``after``."""
    changes = []
    for key, attribute in COMPARED_KEYS:
        old, new = getattr(before, attribute), getattr(after, attribute)
        if old == new:
            continue
        words = EFFECTS.get(key)
        effect = words(old, new, after) if words else ""
        changes.append(StackChange(key, _value(old), _value(new), effect))
    return tuple(changes)


def _value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return shown(value, "not set")


def _profiles_replaced(old: object, new: object, settings: Settings) -> str:
    kept = (
        "kept in the old domain with their data, unmanaged"
        if settings.retain_profiles
        else "deleted with their apps, spaces and storage"
    )
    return (
        f"every profile moves to another domain: new, empty profiles are created in {new}, "
        f"and the old ones are {kept}"
    )


def _profile_deletion(old: object, new: object, settings: Settings) -> str:
    if settings.retain_profiles:
        return "from now on a removed user's profile and its data are kept in the domain"
    return "from now on a removed user's profile, its apps, spaces and storage are deleted"


def _switch(on: str, off: str) -> Callable[[object, object, Settings], str]:
    """Words for a boolean key: ``on`` when it turns on, ``off`` when it turns off."""
    return lambda old, new, settings: on if new else off


def _words(text: str) -> Callable[[object, object, Settings], str]:
    return lambda old, new, settings: text


#: What a move of a key does, where the product knows more than the key's name (the others are
#: listed with their values alone). ``tests/changes`` holds every key here to ``COMPARED_KEYS``.
EFFECTS: dict[str, Callable[[object, object, Settings], str]] = {
    "domainId": _profiles_replaced,
    "tagKey": _words(
        "the access tag changes name: every principal and profile is tagged anew, and a "
        "principal keeps opening only the profiles whose new tag matches its own"
    ),
    "groupName": _words("IAM users move to a new IAM group, which the member policy is on"),
    "policyName": _words("the member policy and the execution-role guard are replaced"),
    "policy": lambda old, new, settings: (
        f"the member policy changes: {new} "
        + (
            "keeps only the two seed statements (check fails unless --allow-unproven)"
            if new == "seed"
            else "adds every guard"
        )
    ),
    "profileDeletion": _profile_deletion,
    "usersDir": _words("the roster is read from another folder"),
    "defaultExecutionRoleArn": _words(
        "apps of users without an execution role of their own run as another role"
    ),
    "defaultSpaceExecutionRoleArn": _words("apps in shared spaces run as another role"),
    "perUserExecutionRoles": _switch(
        "each user without execution_role_arn gets an execution role of their own",
        "the users' own execution roles are deleted: they run as the domain's default",
    ),
    "executionRolePolicyArns": _words("the per-user execution roles' managed policies change"),
    "orgGuard": _switch(
        "the organization guard (an SCP) is deployed: outsiders are bound",
        "the organization guard is removed: outsiders are no longer bound",
    ),
    "deployRoleArn": _words("another role runs pulumi up and is exempt from the SCP"),
    "breakGlassRoleArns": _words("the roles exempt from the SCP change"),
    "orgGuardTargets": _words("the accounts and units the SCP binds change"),
    "authMode": _words("the domain signs people in another way"),
    "maxAccessDays": _words("how far ahead a pull request may set expires or review_after"),
    "iamRoleQuota": _words("the IAM role quota check holds the stack to"),
    "meterIntervalMinutes": _words("how often the spend meter runs"),
    REGION_KEY: _words("every resource of the stack is in another region"),
}
