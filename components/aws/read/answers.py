"""SageMaker's answers checked against the question: the domain asked about, each item once.

A well-formed answer can still be about something else: a ``DescribeDomain`` naming another
domain, region or account, a ``ListUserProfiles`` entry of another domain, the same profile
listed twice. Read as they come, such answers make ``audit`` report on the wrong domain with no
finding, ``adopt`` write files for another domain's people, and a repeated entry cost a
``DescribeUserProfile`` and a ``ListTags`` each. AWS never answers so, so each is a protocol
error (one line, exit 1), checked here once for every command that reads the domain or lists
its profiles, spaces or apps.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from components.aws.client.errors import AwsError, not_the_api

#: ``arn:<partition>:sagemaker:<region>:<account>:domain/<id>``.
_DOMAIN_ARN = re.compile(
    r"arn:(?P<partition>aws[a-z-]*):sagemaker:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"domain/(?P<domain>[^/]+)"
)
#: The account of an IAM ARN (``arn:aws:iam::<account>:role/...``).
_IAM_ACCOUNT = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):")


def domain_arn_account(answer: Mapping[str, Any], domain_id: str, region: str) -> str:
    """The account of the domain ``DescribeDomain`` answered about, once the answer is shown to
    be about ``domain_id`` in ``region``.

    Raises:
        AwsError: ``DomainId`` or ``DomainArn`` names another domain or region, or the ARN is
            not a SageMaker domain's.
    """
    answered = answer.get("DomainId")
    if answered != domain_id:
        raise _domain_error(
            f"it answered about domain {answered!r} (DomainId) when asked about {domain_id}"
        )
    arn = answer.get("DomainArn")
    match = _DOMAIN_ARN.fullmatch(arn) if isinstance(arn, str) else None
    if match is None:
        raise _domain_error(
            f"its DomainArn {arn!r} is not a SageMaker domain's ARN "
            "(arn:<partition>:sagemaker:<region>:<account>:domain/<id>)"
        )
    if match["domain"] != domain_id:
        raise _domain_error(f"its DomainArn {arn} names domain {match['domain']}, not {domain_id}")
    if match["region"] != region:
        raise _domain_error(f"its DomainArn {arn} is in region {match['region']}, not {region}")
    return match["account"]


def check_auth_mode(mode: Any, allowed: Sequence[str]) -> None:
    """Refuse an ``AuthMode`` that is none of the service model's values.

    Raises:
        AwsError: naming the value and the model's.
    """
    if mode is not None and mode not in allowed:
        raise _domain_error(f"its AuthMode {mode!r} is none of {', '.join(allowed)}")


def check_same_account(domain_account: str, arns: Iterable[str], domain_id: str) -> None:
    """The domain is in the account whose IAM the credentials read (``arns``: its principals').

    Raises:
        AwsError: the IAM answer's principals are of another account than the domain's ARN.
    """
    accounts = {m[1] for arn in arns if (m := _IAM_ACCOUNT.match(arn))}
    if accounts and domain_account not in accounts:
        raise _domain_error(
            f"domain {domain_id}'s ARN is in account {domain_account}, but the credentials' "
            f"IAM principals are in account {', '.join(sorted(accounts))}"
        )


def domain_items(
    items: Iterable[Mapping[str, Any]],
    operation: str,
    domain_id: str,
    identity: Sequence[str],
) -> list[Mapping[str, Any]]:
    """The entries of a list of the domain's ``ListUserProfiles``, ``ListSpaces`` or
    ``ListApps``, each of ``domain_id`` and listed once (``identity``: the fields that name an
    entry; read as the items arrive, so a list of endless repeats stops at the first).

    Raises:
        AwsError: an entry of another domain (or of none), or an entry listed twice.
    """
    seen: set[tuple] = set()
    kept = []
    for item in items:
        if item.get("DomainId") != domain_id:
            raise not_the_api(
                "sagemaker",
                operation,
                f"it lists {_name(item, identity)} of domain {item.get('DomainId')!r} when "
                f"asked for the entries of {domain_id}",
            )
        key = tuple(str(item.get(name)) for name in identity)
        if key in seen:
            raise not_the_api("sagemaker", operation, f"it lists {_name(item, identity)} twice")
        seen.add(key)
        kept.append(item)
    return kept


def _name(item: Mapping[str, Any], identity: Sequence[str]) -> str:
    return " ".join(f"{name} {item.get(name)!r}" for name in identity if item.get(name))


def _domain_error(detail: str) -> AwsError:
    return not_the_api("sagemaker", "DescribeDomain", detail)
